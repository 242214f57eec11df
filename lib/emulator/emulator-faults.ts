import type { ActiveEmulatorFault, EmulatorFaultRule, TwoFactorOperationName } from './emulator-fault.types';
import { splitPath } from './emulator.router';
import { FAULT_OPERATIONS, parseFaultRule } from './fault-rule.parser';

interface StoredFault {
  rule: ActiveEmulatorFault;
  /** Decoded segments of `rule.match.path`, `*` for any one segment. */
  segments?: string[];
  /** Operations an answer-changing fault can change. */
  operations?: readonly TwoFactorOperationName[];
}

/**
 * The fault rules of an emulator, tried in the order they were added; the first
 * rule matching a request takes it, and a rule is removed once it took `times`
 * requests. Reachable as `emulator.faults` and over `/_emulator/faults`.
 *
 * @example
 * emulator.faults.add({ match: { operation: 'verifyPin' }, fault: 'status', status: 503 });
 * // the next verifyPin answers 503; later ones are served normally
 */
export class EmulatorFaults {
  private rules: StoredFault[] = [];

  /** Number of active rules; 0 keeps faults off the request path entirely. */
  get size(): number {
    return this.rules.length;
  }

  /**
   * Adds a rule after the existing ones and returns it with its defaults applied.
   * @throws TypeError naming every unusable field (unknown fault, bad status, ...).
   */
  add(rule: EmulatorFaultRule): ActiveEmulatorFault {
    const parsed = parseFaultRule(rule);
    if (!parsed.ok) {
      const problems = Object.entries(parsed.errors).map(
        ([field, messages]) => `${field} ${messages.join(', ')}`,
      );
      throw new TypeError(`invalid fault rule: ${problems.join('; ')}`);
    }
    const stored: StoredFault = { rule: parsed.rule, operations: FAULT_OPERATIONS[parsed.rule.fault] };
    if (parsed.rule.match.path !== undefined) stored.segments = splitPath(parsed.rule.match.path);
    this.rules.push(stored);
    return copy(parsed.rule);
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The active rules in matching order, with the requests each will still take. */
  list(): ActiveEmulatorFault[] {
    return this.rules.map(({ rule }) => copy(rule));
  }

  /**
   * Finds the first rule matching a request to the API, counts the request
   * against it (removing it when spent) and returns it; `undefined` when none matches.
   * @param path the request path without query string
   */
  take(method: string, path: string, operation: TwoFactorOperationName): ActiveEmulatorFault | undefined {
    let segments: string[] | undefined | null = null;
    for (let index = 0; index < this.rules.length; index++) {
      const stored = this.rules[index];
      const { match } = stored.rule;
      if (match.method !== undefined && match.method !== method) continue;
      if (match.operation !== undefined && match.operation !== operation) continue;
      if (stored.operations && !stored.operations.includes(operation)) continue;
      if (stored.segments) {
        if (segments === null) segments = splitPath(path);
        if (!segments || !matchesPattern(stored.segments, segments)) continue;
      }
      stored.rule.times -= 1;
      if (stored.rule.times === 0) this.rules.splice(index, 1);
      return copy(stored.rule);
    }
    return undefined;
  }
}

function matchesPattern(pattern: string[], segments: string[]): boolean {
  if (pattern.length !== segments.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*' ? segments[i] === '' : pattern[i] !== segments[i]) return false;
  }
  return true;
}

function copy(rule: ActiveEmulatorFault): ActiveEmulatorFault {
  return { ...rule, match: { ...rule.match } };
}
