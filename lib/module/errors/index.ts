export * from './two-factor.exception';
export * from './two-factor-error-code';
export * from './two-factor-configuration.error';
