export * from './clock';
export * from './time-format';
