import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's `chromium` package; the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when Chromium is installed where the browser tests look for it. */
export const chromiumAvailable: boolean = existsSync(CHROMIUM_PATH);

const SKIP_NOTICE =
  `${CHROMIUM_PATH} is not installed: the browser suites are SKIPPED. Install it (Debian: ` +
  '`apt-get install -y chromium`) and run the tests again; `.ci/run` installs it by itself.';

/**
 * `describe` when Chromium is installed, otherwise a skipped `describe` and a loud notice, so a
 * machine without it still runs every other suite.
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (chromiumAvailable) {
    describe(name, body);
    return;
  }
  console.warn(`\n*** ${SKIP_NOTICE}\n`);
  describe.skip(`${name} (skipped: chromium not installed)`, body);
}

/** Headless Chromium that also runs as root and without network access beyond the tests' servers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
