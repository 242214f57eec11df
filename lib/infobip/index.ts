export * from './infobip.types';
export * from './two-factor-api.interface';
export * from './infobip-api.error';
export * from './time-format';
