/** The clock lives in `lib/time/`; this path stays for existing imports. */
export * from '../time/clock';
