export * from './account-limits';
export * from './credentials.verifier';
