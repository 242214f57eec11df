import { TwoFactorService } from 'nestjs-infobip-2fa';
import type { Page } from 'playwright-core';
import { nextEvent } from '../module/two-factor-test-app';
import { describeWithChromium } from './chromium';
import {
  type Account,
  heading,
  message,
  PIN_ATTEMPTS,
  PIN_TTL_MS,
  pathOf,
  RESEND_COOLDOWN_MS,
  SamplePages,
  submit,
  VERIFY_INTERVAL_MS,
} from './sample-pages.harness';

describeWithChromium('sample app in the browser', () => {
  let pages: SamplePages;

  beforeAll(async () => {
    pages = await SamplePages.start();
  });
  afterEach(async () => {
    await pages?.closeContexts();
  });
  afterAll(async () => {
    await pages?.close();
  });

  const masked = (phone: string): string => `+*******${phone.slice(-4)}`;
  const wrong = (pin: string): string => (pin === '000000' ? '111111' : '000000');

  const fillRegistration = async (page: Page, account: Account): Promise<void> => {
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    await page.getByLabel('Mobile phone number').fill(account.phone);
  };
  const signIn = async (page: Page, account: Account): Promise<void> => {
    await page.goto('/login');
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    await submit(page, 'Continue');
    expect(pathOf(page)).toBe('/verify');
  };
  const enterPin = (page: Page, pin: string): Promise<void> => pages.enterPin(page, pin);
  const registerVerified = async (name: string): Promise<Account> => {
    const account = pages.newAccount(name);
    const page = await pages.newPage();
    await page.goto('/register');
    await fillRegistration(page, account);
    await submit(page, 'Create account');
    await enterPin(page, pages.latestMessage(account.phone).pin);
    expect(pathOf(page)).toBe('/account-page');
    await page.context().close();
    return account;
  };

  it('signs up: register, enter the texted PIN, and the account opens', async () => {
    const account = pages.newAccount('signup');
    const page = await pages.newPage();
    await page.goto('/');
    expect(await heading(page)).toBe('Welcome');
    await pages.screenshot(page, 'home');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/register');
    await fillRegistration(page, account);
    await pages.screenshot(page, 'register');
    await submit(page, 'Create account');
    expect(pathOf(page)).toBe('/verify');
    expect(await heading(page)).toBe('Enter your code');
    expect(await page.locator('main').innerText()).toContain(`by SMS to ${masked(account.phone)}`);
    const pinInput = page.getByLabel('Code', { exact: true });
    expect(await pinInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await pinInput.getAttribute('inputmode')).toBe('numeric');
    expect(await page.locator('#pin:focus').count()).toBe(1); // autofocus
    await pages.screenshot(page, 'pin');

    const sms = pages.latestMessage(account.phone);
    expect(sms.text).toBe(`Welcome! Your confirmation code is ${sms.pin}`);
    await enterPin(page, sms.pin);

    expect(pathOf(page)).toBe('/account-page');
    expect(await heading(page)).toBe('Your account');
    expect(await message(page)).toBe('Your phone number is confirmed: welcome!');
    const text = (await page.locator('body').innerText()) ?? '';
    expect(text).toContain(account.username);
    expect(text).toContain(masked(account.phone));
    expect(text).not.toContain(account.phone);
    await pages.screenshot(page, 'account');

    // Home now leads to the account.
    await page.goto('/');
    expect(pathOf(page)).toBe('/account-page');
  });

  it('refuses a wrong password, then a wrong PIN, then takes the right PIN', async () => {
    const account = await registerVerified('login');
    const page = await pages.newPage();
    await page.goto('/login');
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password').fill('not-the-password');
    await submit(page, 'Continue');
    expect(pathOf(page)).toBe('/login');
    expect(await message(page)).toBe('Wrong username or password.');
    expect(await page.getByLabel('Username').inputValue()).toBe(account.username);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await pages.screenshot(page, 'login-error');

    await signIn(page, account);
    const sms = pages.latestMessage(account.phone);
    expect(sms.text).toBe(`Your sign-in code is ${sms.pin}`);

    await enterPin(page, wrong(sms.pin));
    expect(pathOf(page)).toBe('/verify');
    expect(await message(page)).toBe(`That code is not right. ${PIN_ATTEMPTS - 1} attempts left.`);
    // Beside the field: marked invalid, described by the error, focused; the title says so.
    expect(await page.locator('#pin[aria-invalid="true"]:focus').getAttribute('aria-describedby')).toBe(
      'pin-error pin-hint',
    );
    expect(await page.title()).toBe('Error: Enter your code · Acme');
    await pages.screenshot(page, 'pin-wrong');

    // Still pending: the account is out of reach.
    await page.goto('/account-page');
    expect(pathOf(page)).toBe('/verify');

    await enterPin(page, sms.pin);
    expect(pathOf(page)).toBe('/account-page');
    expect(await message(page)).toBe('Code accepted: you are signed in.');
  });

  it('takes a pasted "123 456" typed at once after a typo: the form signs in', async () => {
    const account = await registerVerified('typo');
    const page = await pages.newPage();
    await signIn(page, account);
    const pin = pages.latestMessage(account.phone).pin;
    await enterPin(page, wrong(pin));
    expect(await message(page)).toBe(`That code is not right. ${PIN_ATTEMPTS - 1} attempts left.`);

    // No clock move: the right code comes inside the provider's verify window, and waits it out.
    const waiting = nextEvent(pages.app.get(TwoFactorService), 'waiting');
    await page.getByLabel('Code', { exact: true }).fill(`${pin.slice(0, 3)} ${pin.slice(3)}`);
    const submitted = submit(page, 'Verify');
    await waiting;
    pages.advance(VERIFY_INTERVAL_MS);
    await submitted;
    expect(pathOf(page)).toBe('/account-page');
    expect(await message(page)).toBe('Code accepted: you are signed in.');
  });

  it('says when the PIN has expired and sends a new one without the password', async () => {
    const account = await registerVerified('expired');
    const page = await pages.newPage();
    await signIn(page, account);
    const pin = pages.latestMessage(account.phone).pin;

    pages.advance(PIN_TTL_MS);
    await enterPin(page, pin);
    expect(pathOf(page)).toBe('/verify');
    expect(await message(page)).toBe('This code has expired. Send a new one to continue.');
    expect(await page.getByLabel('Code', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Sign in again' }).count()).toBe(1);
    await pages.screenshot(page, 'pin-expired');

    await submit(page, 'Send a new code');
    expect(pathOf(page)).toBe('/verify');
    expect(await message(page)).toBe(`We sent a new code to ${masked(account.phone)}.`);
    const fresh = pages.latestMessage(account.phone);
    expect(fresh.pin).not.toBe(pin);
    await enterPin(page, fresh.pin);
    expect(pathOf(page)).toBe('/account-page');
  });

  it('blocks the PIN after too many wrong attempts', async () => {
    const account = await registerVerified('attempts');
    const page = await pages.newPage();
    await signIn(page, account);
    const pin = pages.latestMessage(account.phone).pin;

    for (let attempt = 1; attempt < PIN_ATTEMPTS; attempt += 1) await enterPin(page, wrong(pin));
    expect(await message(page)).toBe('That code is not right. 1 attempt left.');
    await enterPin(page, wrong(pin));
    expect(await message(page)).toBe(
      'That code is not right, and it was the last attempt. Too many wrong codes: this one is blocked. ' +
        'Send a new one to continue.',
    );
    expect(await page.getByRole('button', { name: 'Send a new code' }).count()).toBe(1);
    // The right PIN cannot be tried any more, and the account stays closed.
    expect(await page.getByLabel('Code', { exact: true }).count()).toBe(0);
    await pages.screenshot(page, 'pin-blocked');
    await page.goto('/account-page');
    expect(pathOf(page)).toBe('/verify');
  });

  it('counts down until a resend is allowed, then calls instead of texting ("Try another way")', async () => {
    const account = await registerVerified('resend');
    const page = await pages.newPage();
    await page.clock.install();
    await signIn(page, account);
    const sms = pages.latestMessage(account.phone);

    await page.getByText('Try another way').click();
    const call = page.getByRole('button', { name: 'Call me instead' });
    const again = page.getByRole('button', { name: 'Resend code' });
    expect(await call.isDisabled()).toBe(true);
    expect(await again.isDisabled()).toBe(true);
    expect(await page.locator('#resend-wait').textContent()).toContain('0:30');

    // The page's countdown runs on the browser's clock, the cooldown on the engine's.
    await page.clock.fastForward(RESEND_COOLDOWN_MS - 10_000);
    expect(await page.locator('[data-countdown]').textContent()).toBe('0:10');
    expect(await call.isDisabled()).toBe(true);
    await page.clock.fastForward(10_000);
    expect(await call.isEnabled()).toBe(true);
    expect(await page.locator('#resend-ready').textContent()).toBe('You can ask for the code again now.');

    pages.advance(RESEND_COOLDOWN_MS);
    await submit(page, 'Call me instead');
    expect(pathOf(page)).toBe('/verify');
    expect(await message(page)).toBe(`We are calling ${masked(account.phone)}: listen for the code.`);
    const voice = pages.latestMessage(account.phone);
    expect(voice.channel).toBe('voice');
    expect(voice.pin).toBe(sms.pin);
    expect(await page.getByRole('button', { name: 'Resend code' }).isDisabled()).toBe(true);
    await page.getByText('Try another way').click();
    expect(await page.getByRole('button', { name: 'Text me instead' }).isDisabled()).toBe(true);

    await enterPin(page, voice.pin);
    expect(pathOf(page)).toBe('/account-page');
  });

  it('works without JavaScript: the server says how long to wait before a resend', async () => {
    const account = await registerVerified('nojs');
    const page = await pages.newPage({ javaScriptEnabled: false });
    await signIn(page, account);
    const count = pages.messageCount(account.phone);

    const again = page.getByRole('button', { name: 'Resend code' });
    expect(await again.isEnabled()).toBe(true);
    pages.advance(RESEND_COOLDOWN_MS - 12_000);
    await submit(page, 'Resend code');
    expect(await message(page)).toBe('Wait 12 seconds before asking for the code again.');
    expect(pages.messageCount(account.phone)).toBe(count);

    pages.advance(12_000);
    await submit(page, 'Resend code');
    expect(await message(page)).toBe(`We sent the code again to ${masked(account.phone)}.`);
    expect(pages.messageCount(account.phone)).toBe(count + 1);

    await enterPin(page, pages.latestMessage(account.phone).pin);
    expect(pathOf(page)).toBe('/account-page');
  });

  it('signs out: the session ends and the account is closed again', async () => {
    const account = await registerVerified('logout');
    const page = await pages.newPage();
    await signIn(page, account);
    await enterPin(page, pages.latestMessage(account.phone).pin);
    const cookieBefore = (await page.context().cookies()).find((cookie) => cookie.name === 'sid');

    await submit(page, 'Sign out');
    expect(pathOf(page)).toBe('/login');
    expect(await message(page)).toBe('You have signed out.');
    await pages.screenshot(page, 'login');
    const cookieAfter = (await page.context().cookies()).find((cookie) => cookie.name === 'sid');
    expect(cookieAfter?.value).not.toBe(cookieBefore?.value);

    await page.goto('/account-page');
    expect(pathOf(page)).toBe('/login');
    expect(await message(page)).toBe('Sign in to see your account.');
    expect((await page.request.get('/account')).status()).toBe(401);
    // The old cookie opens nothing either.
    const replay = await pages.newPage();
    await replay
      .context()
      .addCookies([{ ...cookieBefore!, url: pages.baseURL, domain: undefined, path: undefined }]);
    expect((await replay.request.get('/account')).status()).toBe(401);
  });

  it('refuses a form posted from another site, and the user stays signed in', async () => {
    const account = await registerVerified('csrf');
    const page = await pages.newPage();
    await signIn(page, account);
    await enterPin(page, pages.latestMessage(account.phone).pin);

    // A page on another site that posts the sign-out form on load.
    const attacker = 'http://attacker.test';
    await page.route(`${attacker}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${pages.baseURL}/logout"><input name="_csrf" value="guess"></form>
<script>document.forms[0].submit()</script>`,
      }),
    );
    const answer = page.waitForResponse((res) => res.url() === `${pages.baseURL}/logout`);
    await page.goto(`${attacker}/`);
    const res = await answer;
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'cross_site_request' });

    await page.goto(`${pages.baseURL}/account-page`);
    expect(pathOf(page)).toBe('/account-page');
    expect(await page.locator('main').innerText()).toContain(account.username);
  });
});
