export * from './engine-harness';
export * from './engine-semantics.suite';
