import type { ConfigService } from '@nestjs/config';
import type { SampleConfig } from '../config/sample-config';

/** Whether PINs are printed in the server's console (embedded engine outside production): the pages say so. */
export function pinsShownInConsole(config: ConfigService): boolean {
  const sample = config.getOrThrow<SampleConfig>('sample');
  return sample.provider.kind === 'local' && !sample.production;
}

/** The session cookie's name and flags, to clear it at sign-out exactly as it was set. */
export function sessionCookie(config: ConfigService): { name: string; secure: boolean } {
  const { session } = config.getOrThrow<SampleConfig>('sample');
  return { name: session.cookieName, secure: session.secureCookie };
}
