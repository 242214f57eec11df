import type { PinChannel } from '../../infobip/infobip.types';
import type { TwoFactorApi } from '../../infobip/two-factor-api.interface';
import type { ResolvedPurpose, ResolvedTemplate } from '../runtime/purpose.resolver';

/** Sends a new PIN of `purpose` to `to` with the provider operation of the template's channel. */
export function sendPinOver(
  api: TwoFactorApi,
  purpose: ResolvedPurpose,
  template: ResolvedTemplate,
  to: string,
): Promise<{ pinId?: string }> {
  const body = { applicationId: purpose.applicationId, messageId: template.messageId, to };
  switch (template.channel) {
    case 'sms':
      return api.sendPinOverSms(body);
    case 'voice':
      return api.sendPinOverVoice(body);
    case 'email':
      return api.sendPinOverEmail(body);
  }
}

/** Sends the PIN of `pinId` again with the provider operation of `channel`. */
export function resendPinOver(api: TwoFactorApi, channel: PinChannel, pinId: string): Promise<unknown> {
  switch (channel) {
    case 'sms':
      return api.resendPinOverSms(pinId);
    case 'voice':
      return api.resendPinOverVoice(pinId);
    case 'email':
      return api.resendPinOverEmail(pinId);
  }
}
