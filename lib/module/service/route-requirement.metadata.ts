/** What `@RequireTwoFactor()` / `@SkipTwoFactor()` record on a handler or class. */
export type TwoFactorPolicyMetadata = { skip: true } | { require: true; maxAgeMs?: number };
