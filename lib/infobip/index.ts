export * from './infobip.types';
export * from './two-factor-api.interface';
export * from './infobip-api.error';
export * from './time-format';
export * from './base-url';
export { type InfobipAuth, type InfobipCredentialsOptions } from './infobip-auth';
export * from './infobip-two-factor-client.options';
export * from './infobip-two-factor.client';
