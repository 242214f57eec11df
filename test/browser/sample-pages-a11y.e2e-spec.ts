import type { Page } from 'playwright-core';
import { describeWithChromium } from './chromium';
import {
  accessibilityViolations,
  type Account,
  heading,
  message,
  PIN_ATTEMPTS,
  PIN_TTL_MS,
  pathOf,
  SamplePages,
  submit,
  VERIFY_INTERVAL_MS,
} from './sample-pages.harness';

// Every state of every page, checked with axe-core (WCAG 2.2 AA) at desktop and phone widths,
// driven by keyboard, and with JavaScript off.
describeWithChromium('sample app pages: accessibility, keyboard, recovery codes, remembered browsers', () => {
  let pages: SamplePages;

  beforeAll(async () => {
    pages = await SamplePages.start({ TWO_FACTOR_DEFAULT_REGION: 'CH' });
  });
  afterEach(async () => {
    await pages?.closeContexts();
  });
  afterAll(async () => {
    await pages?.close();
  });

  const wrong = (pin: string): string => (pin === '000000' ? '111111' : '000000');
  const code = (page: Page) => page.getByLabel('Code', { exact: true });

  /** Registers through the form with a national number, verifies, and answers the account. */
  const register = async (page: Page, name: string): Promise<Account> => {
    const account = pages.newAccount(name);
    await page.goto('/register');
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    // National format: the default region (CH) fills in the country code.
    await page
      .getByLabel('Mobile phone number')
      .fill(`0${account.phone.slice(3, 5)} ${account.phone.slice(5)}`);
    await submit(page, 'Create account');
    expect(pathOf(page)).toBe('/verify');
    pages.advance(VERIFY_INTERVAL_MS);
    await code(page).fill(pages.latestMessage(account.phone).pin);
    await submit(page, 'Verify');
    expect(pathOf(page)).toBe('/account-page');
    return account;
  };
  const signIn = async (page: Page, account: Account): Promise<void> => {
    await page.goto('/login');
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    await submit(page, 'Continue');
  };
  const enterPin = (page: Page, pin: string): Promise<void> => pages.enterPin(page, pin);

  it('passes axe (WCAG 2.2 AA) on every page state, at desktop and 390 px', async () => {
    const page = await pages.newPage();
    const failures: string[] = [];
    const check = async (state: string, shot?: string): Promise<void> => {
      for (const violation of await accessibilityViolations(page)) failures.push(`${state}: ${violation}`);
      if (shot) await pages.screenshot(page, shot);
    };
    await page.goto('/');
    await check('home');
    await page.goto('/verify');
    await check('no code');
    await page.goto('/register');
    await check('register');
    await page.getByLabel('Username').fill('someone');
    await page.getByLabel('Password').fill('long enough password');
    await page.getByLabel('Mobile phone number').fill('12');
    await submit(page, 'Create account');
    expect(await message(page)).toMatch(/^Phone must be a mobile number, e\.g\. 0/);
    expect(await page.locator('#phone[aria-invalid="true"]:focus').count()).toBe(1);
    await check('register error', 'register-error');
    const account = await register(page, 'a11y');
    await check('account');
    await submit(page, 'Create new recovery codes');
    expect(await heading(page)).toBe('Your recovery codes');
    await check('recovery codes', 'recovery-codes');
    await page.getByRole('link', { name: 'I saved them' }).click();
    await submit(page, 'Sign out');
    await check('signed out');
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill('wrong password');
    await submit(page, 'Continue');
    await check('login error');
    await signIn(page, account);
    await check('pin');
    const pin = pages.latestMessage(account.phone).pin;
    await enterPin(page, wrong(pin));
    await check('pin wrong');
    await page.getByText('Try another way').click();
    await check('try another way', 'pin-other-ways');
    await page.getByRole('link', { name: 'Use a recovery code' }).click();
    await check('recovery code', 'recovery');
    await page.getByLabel('Recovery code').fill('aaaaa-aaaaa');
    await submit(page, 'Verify');
    await check('recovery code wrong');
    await page.goto('/verify');
    for (let attempt = 2; attempt <= PIN_ATTEMPTS; attempt += 1) await enterPin(page, wrong(pin));
    await check('pin blocked');
    await submit(page, 'Send a new code');
    pages.advance(PIN_TTL_MS);
    await page.goto('/verify');
    await check('pin expired');
    await page.goto('/no/such/page');
    await check('not found', 'not-found');
    expect(failures).toEqual([]);
  }, 180_000);

  it('signs in by keyboard alone, with a visible focus ring of at least 3:1', async () => {
    const account = await register(await pages.newPage(), 'keys');
    const page = await pages.newPage();
    await page.goto('/login');
    const focused = () => page.evaluate<string>('document.activeElement && document.activeElement.id');
    for (let i = 0; i < 6 && (await focused()) !== 'username'; i += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('username');
    const ring = await page.evaluate<string[]>(
      '(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()',
    );
    expect(ring.slice(0, 2)).toEqual(['solid', '3px']);
    expect(contrast(ring[2], 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
    await page.keyboard.type(account.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(account.password);
    await pressEnter(page);
    expect(pathOf(page)).toBe('/verify');
    expect(await focused()).toBe('pin'); // autofocus: type at once
    pages.advance(VERIFY_INTERVAL_MS);
    await page.keyboard.type(wrong(pages.latestMessage(account.phone).pin));
    await pressEnter(page);
    // After an error, focus is on the field again, which tells what went wrong.
    expect(await focused()).toBe('pin');
    pages.advance(VERIFY_INTERVAL_MS);
    await page.keyboard.type(pages.latestMessage(account.phone).pin);
    await pressEnter(page);
    expect(pathOf(page)).toBe('/account-page');
  });

  it('without JavaScript: recovery codes sign in once each; the form takes "123-456"', async () => {
    const page = await pages.newPage({ javaScriptEnabled: false });
    const account = await register(page, 'nojs');
    await submit(page, 'Create new recovery codes');
    const codes = await page.locator('ol.codes code').allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByRole('link', { name: 'I saved them' }).click();
    expect(await page.locator('main').innerText()).toContain('10 left');
    await submit(page, 'Sign out');

    // Phone lost: "Try another way" opens without JavaScript.
    await signIn(page, account);
    await page.getByText('Try another way').click();
    await page.getByRole('link', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(codes[0].toUpperCase());
    await submit(page, 'Verify');
    expect(pathOf(page)).toBe('/account-page');
    expect(await message(page)).toBe('Recovery code accepted: you are signed in. 9 codes left.');
    await submit(page, 'Sign out');

    await signIn(page, account);
    await page.goto('/verify/recovery');
    await page.getByLabel('Recovery code').fill(codes[0]);
    await submit(page, 'Verify');
    expect(pathOf(page)).toBe('/verify/recovery');
    expect(await message(page)).toBe('That recovery code is not valid, or was already used.');
    expect(await page.locator('#code[aria-invalid="true"]').count()).toBe(1);

    await page.goto('/verify');
    const pin = pages.latestMessage(account.phone).pin;
    await enterPin(page, `${pin.slice(0, 3)}-${pin.slice(3)}`);
    expect(pathOf(page)).toBe('/account-page');
  });

  it('remembers this browser: the next sign-in skips the code, until forgotten', async () => {
    const account = await register(await pages.newPage(), 'remember');
    const page = await pages.newPage();
    await signIn(page, account);
    await page.getByLabel('Remember this browser for 30 days').check();
    await enterPin(page, pages.latestMessage(account.phone).pin);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tfa_device');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await submit(page, 'Sign out');

    const sent = pages.messageCount(account.phone);
    await signIn(page, account);
    expect(pathOf(page)).toBe('/account-page');
    expect(await message(page)).toBe('Signed in: this browser is remembered.');
    expect(await page.locator('main').innerText()).toContain('On a remembered browser');
    expect(pages.messageCount(account.phone)).toBe(sent);

    await submit(page, 'Forget all remembered browsers');
    expect(await message(page)).toBe('Every remembered browser will ask for a code again.');
    await submit(page, 'Sign out');
    await signIn(page, account);
    expect(pathOf(page)).toBe('/verify');
  });

  it('answers unknown pages with an HTML page, and serves its favicon', async () => {
    const page = await pages.newPage();
    const missing: string[] = [];
    page.on('response', (res) => {
      if (res.status() === 404) missing.push(res.url());
    });
    await page.goto('/login');
    expect(missing).toEqual([]);
    const res = await page.goto('/no/such/page');
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type']).toContain('text/html');
    expect(await heading(page)).toBe('Page not found');
    const icon = await page.request.get('/favicon.ico');
    expect([icon.status(), icon.headers()['content-type']]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    // The JSON API still answers JSON.
    const api = await page.request.get('/no/such/route', { headers: { Accept: 'application/json' } });
    expect(await api.json()).toMatchObject({ statusCode: 404, code: 'not_found' });
  });
});

/** Presses Enter in a form and waits for the page it ends on. */
async function pressEnter(page: Page): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.keyboard.press('Enter');
  await navigated;
  await page.waitForLoadState('load');
}

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string): number => {
    const [r, g, bl] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
