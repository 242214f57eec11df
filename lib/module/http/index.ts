export * from './two-factor.guard';
export * from './send-pin.interceptor';
export * from './no-store.interceptor';
export * from './two-factor.controller';
export * from './two-factor-throttler.guard';
export * from './two-factor-exception.filter';
