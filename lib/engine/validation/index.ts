export * from '../../infobip/field-checker';
export * from './application.validation';
export * from './template.validation';
export * from './pin.validation';
