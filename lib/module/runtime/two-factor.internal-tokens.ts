/** The module's runtime (provider, clock, stores, bound purposes). Not part of the public API. */
export const TWO_FACTOR_RUNTIME = Symbol('TWO_FACTOR_RUNTIME');

/**
 * The runtime before its purposes are bound: the provider, clock and stores the options give.
 * `TWO_FACTOR_API` and `CounterStore` default to its parts; `TWO_FACTOR_RUNTIME` is this runtime
 * bound on the `TWO_FACTOR_API` provider, so that overriding that token reaches the binding too.
 */
export const TWO_FACTOR_UNBOUND_RUNTIME = Symbol('TWO_FACTOR_UNBOUND_RUNTIME');
