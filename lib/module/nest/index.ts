export * from './two-factor.module';
export {
  TWO_FACTOR_MODULE_EXTRAS,
  type TwoFactorOptionsFactory,
  type TwoFactorModuleForRootOptions,
  type TwoFactorModuleAsyncOptions,
} from './two-factor.module-definition';
