/** Infobip's time grammar lives in `lib/time/`; this path stays for existing imports. */
export * from '../time/time-format';
