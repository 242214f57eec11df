export * from './two-factor-session';
export { checkSessionOptions } from './session-support';
export { FinalSignOutStore, type FinalSignOutStoreOptions } from './final-sign-out.store';
