import { LocalTwoFactorEngine, type VerifyPinRequest, type VerifyPinResponse } from 'nestjs-infobip-2fa';

/** A call the test holds: `held` resolves once the provider has answered; `release` lets the answer through. */
export interface HeldCall {
  held: Promise<void>;
  release(): void;
}

/**
 * The embedded engine, whose next verification or resend can be held after it ran
 * and before its answer reaches the module: a slow provider, made deterministic, so
 * a test can do something else (sign out) while the answer is on its way.
 */
export class GatedEngine extends LocalTwoFactorEngine {
  private gates = new Map<string, { reached: () => void; opened: Promise<void> }>();

  /** Holds the next call of `operation`. */
  holdNext(operation: 'verifyPin' | 'resendPinOverSms'): HeldCall {
    let reached!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (reached = resolve));
    const opened = new Promise<void>((resolve) => (release = resolve));
    this.gates.set(operation, { reached, opened });
    return { held, release };
  }

  override async verifyPin(pinId: string, body: VerifyPinRequest): Promise<VerifyPinResponse> {
    const answer = await super.verifyPin(pinId, body);
    await this.pass('verifyPin');
    return answer;
  }

  override async resendPinOverSms(...args: Parameters<LocalTwoFactorEngine['resendPinOverSms']>) {
    const answer = await super.resendPinOverSms(...args);
    await this.pass('resendPinOverSms');
    return answer;
  }

  private async pass(operation: string): Promise<void> {
    const gate = this.gates.get(operation);
    if (!gate) return;
    this.gates.delete(operation);
    gate.reached();
    await gate.opened;
  }
}
