export * from './require-two-factor.decorator';
export * from './skip-two-factor.decorator';
export * from './send-pin.decorator';
export * from './two-factor-state.decorator';
export * from '../service/route-requirement.metadata';
