/** Hosts that may be reached over plain `http://` (a local emulator, a test server). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Infobip base URL in canonical form: `https://` added when no scheme is
 * given (`xyz.api.infobip.com` -> `https://xyz.api.infobip.com`), trailing
 * slashes removed, a path prefix kept (a gateway's, e.g. `https://gateway.example/infobip`).
 * A path that already holds Infobip's API path (`/2fa/2`) is refused with its own fix: the
 * client adds that path to every request, so it would answer 404 for every call.
 *
 * Plain `http://` is refused except for `localhost`, `127.0.0.1` and `[::1]`,
 * because the API key travels in every request's `Authorization` header.
 *
 * @throws TypeError naming `baseUrl` and the fix when the value cannot be used.
 * @example normalizeInfobipBaseUrl('xyz.api.infobip.com/') // 'https://xyz.api.infobip.com'
 */
export function normalizeInfobipBaseUrl(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new TypeError(
      'baseUrl must be your Infobip base URL, e.g. "xyz.api.infobip.com" (see the Infobip portal)',
    );
  }
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError('baseUrl is not a valid URL; expected e.g. "https://xyz.api.infobip.com"');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`baseUrl must use https:// (got ${url.protocol}//)`);
  }
  if (url.username || url.password) {
    throw new TypeError('baseUrl must not contain credentials; pass apiKey or auth instead');
  }
  if (url.search || url.hash) {
    throw new TypeError('baseUrl must not contain a query string or fragment');
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError(
      `baseUrl must use https:// (got http://${url.host}); plain http:// is allowed only for localhost, 127.0.0.1 and [::1]`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/(^|\/)2fa(\/|$)/i.test(path)) {
    throw new TypeError(
      `baseUrl must not contain Infobip's API path (got the path ${path}); the client adds /2fa/2/... ` +
        `to every request. Fix: pass the base URL alone, e.g. "${url.protocol}//${url.host}"`,
    );
  }
  return `${url.protocol}//${url.host}${path}`;
}
