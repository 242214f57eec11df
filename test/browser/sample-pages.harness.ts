import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AdjustableClock, InMemoryOutbox, LocalTwoFactorEngine } from 'nestjs-infobip-2fa';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { createSampleApp } from '../../sample-app/create-app';
import { launchChromium } from './chromium';

/** An account the tests create; each test uses its own. */
export interface Account {
  username: string;
  password: string;
  /** E.164. */
  phone: string;
}

// The module's defaults (DESIGN §4): verifyPinLimit 1/3s, resend cooldown 30s, PIN TTL 5m, 5 attempts.
export const VERIFY_INTERVAL_MS = 3_000;
export const RESEND_COOLDOWN_MS = 30_000;
export const PIN_TTL_MS = 5 * 60_000;
export const PIN_ATTEMPTS = 5;

// `UPDATE_SCREENSHOTS=1 npx jest test/browser` refreshes the README's pictures in docs/.
const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '../../docs') : undefined;

/**
 * The sample app on the embedded engine, listening on 127.0.0.1, and a headless Chromium to
 * drive it. PINs are read from the engine's outbox; time moves only by its clock.
 */
export class SamplePages {
  private serial = 0;
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly app: INestApplication,
    readonly browser: Browser,
    readonly baseURL: string,
  ) {}

  /** @param env more of the sample's environment, e.g. `TWO_FACTOR_DEFAULT_REGION`. */
  static async start(env: Record<string, string> = {}): Promise<SamplePages> {
    const app = await createSampleApp(
      { TWO_FACTOR_PROVIDER: 'local', ...env },
      { logger: false, printPins: false },
    );
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      return new SamplePages(app, await launchChromium(), `http://127.0.0.1:${port}`);
    } catch (error) {
      await app.close();
      throw error;
    }
  }

  /** A new browser profile (no cookies) with one tab. */
  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({
      baseURL: this.baseURL,
      viewport: { width: 760, height: 640 },
      ...options,
    });
    this.contexts.push(context);
    return context.newPage();
  }

  newAccount(name: string): Account {
    this.serial += 1;
    return {
      username: `${name}-${this.serial}`,
      password: `pass-${name}-${this.serial}`,
      phone: `+41792${String(this.serial).padStart(6, '0')}`,
    };
  }

  /** Moves the engine's clock (and with it the module's). */
  advance(ms: number): void {
    (this.app.get(LocalTwoFactorEngine).clock as AdjustableClock).advance(ms);
  }

  /** Types `pin` in the PIN form and submits it, past the provider's verify window (1/3s). */
  async enterPin(page: Page, pin: string): Promise<void> {
    this.advance(VERIFY_INTERVAL_MS);
    await page.getByLabel('Code', { exact: true }).fill(pin);
    await submit(page, 'Verify');
  }

  /** The latest PIN message sent to `phone`. */
  latestMessage(phone: string): ReturnType<InMemoryOutbox['list']>[number] {
    const message = this.app.get(InMemoryOutbox).list(phone.slice(1)).at(-1);
    if (!message) throw new Error(`no PIN was sent to ${phone}`);
    return message;
  }

  messageCount(phone: string): number {
    return this.app.get(InMemoryOutbox).list(phone.slice(1)).length;
  }

  /**
   * Writes `docs/<name>.png` (desktop) and `docs/<name>-mobile.png` (390 px wide) when
   * screenshots are being refreshed.
   */
  async screenshot(page: Page, name: string): Promise<void> {
    if (!SCREENSHOT_DIR) return;
    const viewport = page.viewportSize();
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    await page.setViewportSize({ width: MOBILE_WIDTH, height: 844 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-mobile.png`), fullPage: true });
    if (viewport) await page.setViewportSize(viewport);
  }

  /** Closes the tabs of the finished test. */
  async closeContexts(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((context) => context.close()));
  }

  async close(): Promise<void> {
    await this.closeContexts();
    await this.browser.close();
    await this.app.close();
  }
}

/** Clicks a button that submits a form and waits for the page it ends on (after redirects). */
export async function submit(page: Page, button: string): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.getByRole('button', { name: button, exact: true }).click();
  await navigated;
  await page.waitForLoadState('load');
}

/** Width of the phone the pages are also checked and pictured at. */
export const MOBILE_WIDTH = 390;

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's WCAG 2.2 AA violations of the page as it stands, at its width and at 390 px,
 * as `rule: target` lines (empty when it passes).
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  const viewport = page.viewportSize();
  for (const width of [viewport?.width ?? 760, MOBILE_WIDTH]) {
    await page.setViewportSize({ width, height: viewport?.height ?? 640 });
    // Evaluated through the DevTools protocol: the page's strict CSP stays as it is.
    await page.evaluate(AXE_SOURCE);
    // A string: the tests compile without the DOM's types.
    const violations = await page.evaluate<string[]>(
      `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_22_AA)} } }).then((r) =>
        r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
    );
    found.push(...violations.map((v) => `${width}px ${v}`));
  }
  if (viewport) await page.setViewportSize(viewport);
  return found;
}

/** The text of the page's `<h1>`. */
export async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

/** The text of the page's message (on top of the card, or beside the field it is about), or undefined. */
export async function message(page: Page): Promise<string | undefined> {
  const flash = page.locator('.flash, .field-error');
  return (await flash.count()) === 0 ? undefined : ((await flash.textContent()) ?? '').trim();
}

/** The pathname of the page. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}
