import { InfobipApiError } from '../../infobip/infobip-api.error';
import { isLostBinding } from './provider-error.mapper';

describe('isLostBinding', () => {
  it('takes any 404 of a send: a send names no pinId', () => {
    expect(isLostBinding(InfobipApiError.notFound(), 'send')).toBe(true);
    expect(isLostBinding(InfobipApiError.notFound('Application not found'), 'send')).toBe(true);
  });

  it('takes a 404 of a resend only when it names the application or template', () => {
    expect(isLostBinding(InfobipApiError.notFound('Application not found'), 'resend')).toBe(true);
    expect(isLostBinding(InfobipApiError.notFound('Message template not found'), 'resend')).toBe(true);
    expect(isLostBinding(InfobipApiError.notFound(), 'resend')).toBe(false);
  });

  it('leaves every other failure alone', () => {
    expect(isLostBinding(InfobipApiError.badRequest('Application is disabled'), 'send')).toBe(false);
    expect(isLostBinding(InfobipApiError.of(500), 'send')).toBe(false);
    expect(isLostBinding(new Error('Application not found'), 'send')).toBe(false);
  });
});
