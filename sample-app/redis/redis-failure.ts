import { ReplyError } from 'ioredis';

// What ioredis rejects a command with while the server is unreachable or too slow.
const CLIENT_FAILURES = [
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Connection is closed.',
  'Command timed out',
];
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether `error` says that Redis failed (unreachable, timed out, or answering an error such as
 * `LOADING` or `OOM`) rather than that the request was wrong: such requests get 503
 * `provider_unavailable` and can be retried once Redis is back.
 */
export function isRedisFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof ReplyError) return true;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  return CLIENT_FAILURES.some((message) => error.message === message);
}
