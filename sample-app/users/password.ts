import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A salted scrypt hash of a password. */
export interface PasswordHash {
  salt: Buffer;
  hash: Buffer;
}

// scrypt cost: N=2^15, r=8, p=1 (about 32 MiB and tens of milliseconds per hash).
// OWASP's password storage cheat sheet lists N=2^17 as the minimum for scrypt alone:
// tune N to your hardware and raise maxmem with it (it must exceed 128 * N * r bytes).
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** Hashes a password with scrypt and a fresh random salt. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_LENGTH);
  return { salt, hash: await derive(password, salt) };
}

/** Whether `password` matches `stored`, compared in constant time. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, stored.salt);
  return timingSafeEqual(candidate, stored.hash);
}

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
