export * from './infobip';
export * from './storage';
export * from './engine';
export * from './emulator';
export * from './module';
