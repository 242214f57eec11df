import { ReplyError } from 'ioredis';

// What ioredis rejects a command with while the server (or a cluster) is unreachable or too slow.
const CLIENT_FAILURES = [
  "Stream isn't writeable and enableOfflineQueue options is false",
  "Cluster isn't ready and enableOfflineQueue options is false",
  'Connection is closed.',
  'Command timed out',
  'Cluster is disconnected.',
  'None of startup nodes is available',
  'Node is disconnected',
];
// A cluster that lost all nodes, a redirection loop, a write no replica confirmed in time.
const FAILURE_NAMES = new Set([
  'MaxRetriesPerRequestError',
  'ClusterAllFailedError',
  'ReplicaConfirmationError',
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether `error` says that Redis failed (unreachable, timed out, failing over, a write not
 * confirmed by a replica, or answering an error such as `LOADING`, `OOM` or `CLUSTERDOWN`) rather than that the request was wrong: such requests get 503
 * `provider_unavailable` and can be retried once Redis is back.
 */
export function isRedisFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof ReplyError) return true;
  if (FAILURE_NAMES.has(error.name)) return true;
  if (error.message.startsWith('Too many Cluster redirections')) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  return CLIENT_FAILURES.some((message) => error.message === message);
}
