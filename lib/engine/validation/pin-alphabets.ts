import type { PinType } from '../../infobip/infobip.types';

/** Characters of each PIN type. Letters are upper case; verification ignores case. */
export const PIN_ALPHABETS: Readonly<Record<PinType, string>> = {
  NUMERIC: '0123456789',
  ALPHA: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  HEX: '0123456789ABCDEF',
  ALPHANUMERIC: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
};

/** Shortest PIN a template may ask for. */
export const MIN_PIN_LENGTH = 1;
/** Longest PIN a template may ask for (Infobip states no bound; this keeps pinIds able to say it). */
export const MAX_PIN_LENGTH = 32;
