export * from './two-factor-session';
export { checkSessionOptions, type SessionOptionsToCheck } from './session-support';
export type { SessionStore, StoredSession } from './session-store';
export type { ResolvedRequest, TwoFactorRequest } from './two-factor-request';
export { FinalSignOutStore, type FinalSignOutStoreOptions } from './final-sign-out.store';
