export { maskDestination } from './destination-format';
export { ACCEPTED_NUMBER_TYPES, INTERNATIONAL_NETWORK_CODES } from './destination-rules';
export { TrustedProxies } from './trusted-proxies';
export { ipLimitSubject } from './client-ip';
