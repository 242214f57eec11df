export * from './infobip';
