/** The module's runtime (provider, clock, stores, bound purposes). Not part of the public API. */
export const TWO_FACTOR_RUNTIME = Symbol('TWO_FACTOR_RUNTIME');
