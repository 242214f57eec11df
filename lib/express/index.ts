export * from './two-factor-express';
