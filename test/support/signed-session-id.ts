/**
 * The session id inside a signed session cookie's value, whichever middleware signed it:
 * express-session's `s:<id>.<signature>`, @fastify/session's `<id>.<signature>`.
 */
export function signedSessionId(value: string): string | undefined {
  const signed = value.startsWith('s:') ? value.slice(2) : value;
  const dot = signed.lastIndexOf('.');
  return dot > 0 ? signed.slice(0, dot) : undefined;
}
