import type { Request } from 'express';

/** A one-shot message shown by the next page (post/redirect/get). */
export interface Flash {
  kind: 'error' | 'success' | 'info';
  text: string;
  /** Form values to fill in again (never a password or a PIN). */
  fields?: Record<string, string>;
  /** The form field the error is about: shown beside it (`aria-invalid`, focus) instead of on top. */
  field?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** Synchronizer token of the HTML forms, made on first need. */
    csrfToken?: string;
    /** Message for the next page, removed when shown. */
    flash?: Flash;
  }
}

/** Leaves a message for the next page this session loads. */
export function setFlash(req: Request, flash: Flash): void {
  req.session.flash = flash;
}

/** The message left for this page, if any; it is shown once. */
export function takeFlash(req: Request): Flash | undefined {
  const flash = req.session.flash;
  if (flash !== undefined) delete req.session.flash;
  return flash;
}
