import type { TwoFactorModuleOptions } from 'nestjs-infobip-2fa';
import type { SampleAppOverrides } from './sample-app-overrides';
import type { SampleConfig } from './sample-config';

/** Two purposes, one Infobip application each (as Infobip advises): `login` and `registration`. */
export const PURPOSES = { login: 'login', registration: 'registration' } as const;

/** A purpose of this app. */
export type SamplePurpose = (typeof PURPOSES)[keyof typeof PURPOSES];

/**
 * The {@link TwoFactorModuleOptions} of the sample app. Both purposes send by SMS and offer a
 * voice call ("call me instead") on resend. `INFOBIP_APPLICATION_ID` / `INFOBIP_MESSAGE_ID`, when
 * given, apply to the `login` purpose; `registration` always finds or creates its own application
 * by name.
 */
export function twoFactorOptions(
  config: SampleConfig,
  overrides: SampleAppOverrides = {},
): TwoFactorModuleOptions {
  const { provider } = config;
  return {
    provider:
      provider.kind === 'local'
        ? { kind: 'local', console: overrides.printPins ?? !config.production }
        : { kind: 'infobip', baseUrl: provider.baseUrl, apiKey: provider.apiKey },
    purposes: {
      [PURPOSES.login]: {
        application: {
          name: 'nestjs-infobip-2fa sample login',
          ...(provider.kind === 'infobip' && provider.applicationId ? { id: provider.applicationId } : {}),
        },
        templates: {
          sms: {
            messageText: 'Your sign-in code is {{pin}}',
            ...(provider.kind === 'infobip' && provider.messageId ? { id: provider.messageId } : {}),
          },
          voice: { messageText: 'Your sign-in code is {{pin}}' },
        },
      },
      [PURPOSES.registration]: {
        application: { name: 'nestjs-infobip-2fa sample registration' },
        templates: {
          sms: { messageText: 'Welcome! Your confirmation code is {{pin}}' },
          voice: { messageText: 'Welcome! Your confirmation code is {{pin}}' },
        },
      },
    },
    // Deny by default: every route needs password and PIN unless marked @SkipTwoFactor().
    requireByDefault: true,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  };
}
