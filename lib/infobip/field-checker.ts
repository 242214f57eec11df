import { InfobipApiError, type ValidationErrors } from './infobip-api.error';
import { INT64_MAX } from './int64-json';

/** A JSON object, as request bodies arrive. */
export type JsonObject = Record<string, unknown>;

/** Bounds of a number field. */
export interface NumberBounds {
  min?: number;
  max?: number;
}

/**
 * Collects validation errors keyed by field path (`configuration.pinTimeToLive`),
 * as Infobip's `validationErrors` map does, and throws them together.
 *
 * Each getter answers the value when present and valid, `undefined` when absent
 * (missing or `null`, which clients send for unset optional fields) or invalid;
 * `required` fields that are absent are reported. Unknown fields are ignored, as
 * Infobip ignores them.
 */
export class FieldChecker {
  readonly errors: ValidationErrors = {};
  private failures = 0;

  /** Records a failure of the field at `path`. */
  fail(path: string, message: string): void {
    (this.errors[path] ??= []).push(message);
    this.failures++;
  }

  /** Whether nothing failed so far. */
  get ok(): boolean {
    return this.failures === 0;
  }

  /** Throws 400 BAD_REQUEST with every failure collected, if any. */
  throwIfInvalid(): void {
    if (!this.ok) throw InfobipApiError.badRequest('Bad request', this.errors);
  }

  /**
   * The request body as an object (`{}` when `optional` and absent).
   * @throws InfobipApiError 400 at once when it is not an object: nothing else can be checked.
   */
  body(value: unknown, optional = false): JsonObject {
    if (optional && isAbsent(value)) return {};
    if (isObject(value)) return value;
    this.fail('body', 'must be a JSON object');
    throw InfobipApiError.badRequest('Bad request', this.errors);
  }

  object(parent: JsonObject, key: string, path: string, required = false): JsonObject | undefined {
    const value = parent[key];
    if (this.absent(value, path, required)) return undefined;
    if (isObject(value)) return value;
    this.fail(path, 'must be an object');
    return undefined;
  }

  string(
    parent: JsonObject,
    key: string,
    path: string,
    required = false,
    maxLength?: number,
  ): string | undefined {
    const value = parent[key];
    if (this.absent(value, path, required)) return undefined;
    if (typeof value !== 'string') return this.invalid(path, 'must be a string');
    if (required && value.trim() === '') return this.invalid(path, 'must not be blank');
    if (maxLength !== undefined && value.length > maxLength) {
      return this.invalid(path, `size must be between 0 and ${maxLength}`);
    }
    return value;
  }

  boolean(parent: JsonObject, key: string, path: string): boolean | undefined {
    const value = parent[key];
    if (this.absent(value, path, false)) return undefined;
    return typeof value === 'boolean' ? value : this.invalid(path, 'must be a boolean');
  }

  integer(
    parent: JsonObject,
    key: string,
    path: string,
    bounds: NumberBounds,
    required = false,
  ): number | undefined {
    const value = parent[key];
    if (this.absent(value, path, required)) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      return this.invalid(path, 'must be a whole number');
    return this.bounded(value, path, bounds);
  }

  /**
   * A whole number of the spec's int64 range, at least `min`: a safe integer
   * `number`, or a `bigint` (how the emulator reads digits beyond 2^53 exactly).
   * A `bigint` that fits a safe integer comes back as a `number`.
   */
  int64(
    parent: JsonObject,
    key: string,
    path: string,
    min: number,
    required = false,
  ): number | bigint | undefined {
    const value = parent[key];
    if (this.absent(value, path, required)) return undefined;
    if (typeof value === 'bigint') {
      if (value < BigInt(min) || value > INT64_MAX)
        return this.invalid(path, `must be between ${min} and ${INT64_MAX}`);
      return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      return this.invalid(path, 'must be a whole number');
    return this.bounded(value, path, { min });
  }

  number(parent: JsonObject, key: string, path: string, bounds: NumberBounds): number | undefined {
    const value = parent[key];
    if (this.absent(value, path, false)) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.invalid(path, 'must be a number');
    return this.bounded(value, path, bounds);
  }

  oneOf<T extends string>(
    parent: JsonObject,
    key: string,
    path: string,
    values: readonly T[],
    required = false,
  ): T | undefined {
    const value = parent[key];
    if (this.absent(value, path, required)) return undefined;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    return this.invalid(path, `must be one of ${values.join(', ')}`);
  }

  /** A map of string values (placeholders); `reserved` keys are refused. */
  stringMap(
    parent: JsonObject,
    key: string,
    path: string,
    reserved: string[] = [],
  ): Record<string, string> | undefined {
    const value = this.object(parent, key, path);
    if (!value) return undefined;
    const map: Record<string, string> = Object.create(null);
    for (const [name, text] of Object.entries(value)) {
      if (reserved.includes(name)) this.fail(`${path}.${name}`, `${name} is reserved and can't be given`);
      else if (typeof text !== 'string') this.fail(`${path}.${name}`, 'must be a string');
      else map[name] = text;
    }
    return map;
  }

  private absent(value: unknown, path: string, required: boolean): boolean {
    if (!isAbsent(value)) return false;
    if (required) this.fail(path, 'must not be null');
    return true;
  }

  private bounded(value: number, path: string, { min, max }: NumberBounds): number | undefined {
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      return this.invalid(path, `must be between ${min ?? '-∞'} and ${max ?? '∞'}`);
    }
    return value;
  }

  private invalid(path: string, message: string): undefined {
    this.fail(path, message);
    return undefined;
  }
}

/** Whether `value` is a plain JSON object (not an array, not null). */
function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}
