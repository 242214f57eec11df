export * from './xml-wire';
