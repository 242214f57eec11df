import { type RequestHandler, urlencoded } from 'express';
import { sendPage } from './page-layout';
import { problemView } from './views/public-views';

// HTML forms post a few short fields: anything bigger is refused before it is parsed.
const parse = urlencoded({ extended: false, limit: '10kb', parameterLimit: 20 });

/**
 * Parses `application/x-www-form-urlencoded` bodies on the page routes only: the JSON API keeps
 * accepting JSON alone. A malformed or oversized form gets an HTML error page.
 */
export const formBodyParser: RequestHandler = (req, res, next) => {
  parse(req, res, (error?: unknown) => {
    if (!error) return next();
    const status = (error as { status?: unknown }).status;
    const tooLarge = status === 413;
    sendPage(
      res,
      problemView(
        tooLarge ? 'Form too large' : 'Form not understood',
        'The form could not be read. Go back, reload the page and try again.',
      ),
      typeof status === 'number' && status >= 400 && status < 500 ? status : 400,
    );
  });
};

/** A text field of the posted form, or `''` when absent or not a single string. */
export function formValue(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
