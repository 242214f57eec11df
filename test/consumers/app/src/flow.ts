import { clock, outbox } from './app.module.js';

/**
 * A consumer app's whole flow on the embedded engine, over HTTP at `base`: sign in, read the PIN
 * the engine "sent", verify it, reach the protected route. Prints one line per step and throws
 * at the first unexpected answer.
 */
export async function runFlow(base: string): Promise<void> {
  let cookie = '';

  async function step(name: string, path: string, expected: number, body?: object): Promise<unknown> {
    const response = await fetch(base + path, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', cookie },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.getSetCookie()[0];
    if (setCookie) cookie = setCookie.split(';')[0];
    const json: unknown = await response.json();
    console.log(`${name}: ${response.status}`);
    if (response.status !== expected)
      throw new Error(`${name}: expected ${expected}, got ${response.status}`);
    return json;
  }

  await step('account before sign-in', '/account', 401);
  await step('login', '/auth/login', 200, { username: 'alice', password: 'correct horse' });
  await step('account with a pending PIN', '/account', 401);
  const pin = outbox.latest('41793026727')?.pin;
  if (!pin) throw new Error('no PIN in the outbox');
  await step('verify a wrong PIN', '/2fa/verify', 401, { pin: pin === '000000' ? '111111' : '000000' });
  clock.advance(3_000); // past the verify limit's window (1/3s)
  await step('verify', '/2fa/verify', 200, { pin });
  const account = await step('account after verification', '/account', 200);
  if ((account as { verified?: unknown }).verified !== true) throw new Error('account: not verified');
  console.log('consumer flow: ok');
}

/** Runs `main`, printing its error and exiting non-zero when it fails. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
