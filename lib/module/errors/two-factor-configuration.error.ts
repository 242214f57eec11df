/**
 * A configuration mistake found at bootstrap: thrown by `TwoFactorModule` so the
 * application refuses to start. The message names the option and the fix.
 */
export class TwoFactorConfigurationError extends Error {
  override readonly name = 'TwoFactorConfigurationError';

  private constructor(
    message: string,
    /** Option path, e.g. `purposes.login.template.messageText`. */
    readonly path: string,
  ) {
    super(message);
  }

  /**
   * @param path option path, e.g. `purposes.login.template.messageText`.
   * @param problem what is wrong, e.g. `must contain {{pin}}`.
   * @param fix what to do, e.g. `write it like "Your code is {{pin}}"`.
   */
  static create(path: string, problem: string, fix?: string): TwoFactorConfigurationError {
    const subject = path ? `${path} ` : '';
    return new TwoFactorConfigurationError(
      `TwoFactorModule: ${subject}${problem}${fix ? `. Fix: ${fix}` : ''}`,
      path,
    );
  }
}
