import { createHash } from 'node:crypto';

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/**
 * Counter keys of a challenge. The pinId is hashed: counter stores may be shared
 * or inspected, and a pinId is as good as the challenge to whoever knows the PIN.
 */
export function challengeKeys(pinId: string): {
  cooldown: string;
  resends: string;
  verifyWindow: string;
  verifyAnswered: string;
  verifyWaiter: string;
} {
  const id = digest(`pin:${pinId}`);
  return {
    cooldown: `2fa:cooldown:${id}`,
    resends: `2fa:resends:${id}`,
    verifyWindow: `2fa:verify:${id}`,
    verifyAnswered: `2fa:verify-answered:${id}`,
    verifyWaiter: `2fa:verify-waiter:${id}`,
  };
}

/**
 * The key a user's recovery codes and remembered devices are stored under: a digest
 * of the user id, so stores hold no user ids.
 */
export function userKey(userId: string): string {
  return digest(`user:${userId}`);
}

/** Counter keys of a user, shared by all purposes. */
export function userKeys(userId: string): { failures: string; lock: string } {
  const id = userKey(userId);
  return { failures: `2fa:failures:${id}`, lock: `2fa:lock:${id}` };
}

/**
 * Counter key of a purpose's send limit: per destination, user or client IP (hashed,
 * so a shared store holds no phone numbers or addresses), or the global budget.
 */
export function sendLimitKey(purpose: string, limit: string, subject = ''): string {
  const base = `2fa:send:${purpose}:${limit}`;
  return subject === '' ? base : `${base}:${digest(`${limit}:${subject}`)}`;
}
