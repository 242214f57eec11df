import { LocalTwoFactorEngine } from '../../lib/engine';
import type { VerifyPinRequest, VerifyPinResponse } from '../../lib/infobip';

/**
 * A 2FA provider that misbehaves on demand: the embedded engine, whose verify
 * answer can be rewritten or replaced by a failure. Stands for a faulty or
 * hostile upstream, which the module must never trust beyond `verified === true`.
 */
export class ScriptedProvider extends LocalTwoFactorEngine {
  /** Rewrites the next verify answers (after the engine has really verified). */
  rewriteVerify?: (answer: VerifyPinResponse) => unknown;
  /** Makes the next calls of these operations fail with this error. */
  failures = new Map<string, unknown>();
  /** Operations called, in order. */
  readonly calls: string[] = [];

  override async verifyPin(pinId: string, body: VerifyPinRequest): Promise<VerifyPinResponse> {
    this.calls.push('verifyPin');
    this.throwIfScripted('verifyPin');
    const answer = await super.verifyPin(pinId, body);
    return (this.rewriteVerify ? this.rewriteVerify(answer) : answer) as VerifyPinResponse;
  }

  override async sendPinOverSms(...args: Parameters<LocalTwoFactorEngine['sendPinOverSms']>) {
    this.calls.push('sendPinOverSms');
    this.throwIfScripted('sendPinOverSms');
    return super.sendPinOverSms(...args);
  }

  override async resendPinOverSms(...args: Parameters<LocalTwoFactorEngine['resendPinOverSms']>) {
    this.calls.push('resendPinOverSms');
    this.throwIfScripted('resendPinOverSms');
    return super.resendPinOverSms(...args);
  }

  private throwIfScripted(operation: string): void {
    if (this.failures.has(operation)) throw this.failures.get(operation);
  }
}
