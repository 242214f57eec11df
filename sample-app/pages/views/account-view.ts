import type { PinChannel } from 'nestjs-infobip-2fa';
import { html } from '../html';
import { csrfInput, type PageContent } from '../page-layout';
import type { Flash } from '../page-session';

/** What `GET /account-page` shows: never the full phone number. */
export interface AccountViewInput {
  csrfToken: string;
  flash?: Flash;
  username: string;
  /** Masked, e.g. `+41*****6727`. */
  phone: string;
  channel?: PinChannel;
  /** Epoch milliseconds, by the module's clock. */
  verifiedAt?: number;
  /** Signed in by a remembered browser, without a code. */
  remembered: boolean;
  recoveryCodesLeft: number;
  /** Remembered browsers can exist (the module's option is on). */
  rememberDevices: boolean;
}

const BY: Record<PinChannel, string> = { sms: 'SMS', voice: 'voice call', email: 'email' };

/** The signed-in, verified user's page. */
export function accountView(input: AccountViewInput): PageContent {
  const when = input.verifiedAt === undefined ? undefined : new Date(input.verifiedAt);
  const time =
    when && html` at <time datetime="${when.toISOString()}">${when.toISOString().slice(11, 16)} UTC</time>`;
  return {
    title: 'Your account',
    flash: input.flash,
    signedIn: { username: input.username, csrfToken: input.csrfToken },
    body: html`<dl>
        <dt>Username</dt>
        <dd>${input.username}</dd>
        <dt>Phone</dt>
        <dd>${input.phone} (confirmed)</dd>
        <dt>Signed in</dt>
        <dd>
          ${input.remembered ? 'On a remembered browser' : html`Code verified${input.channel && ` by ${BY[input.channel]}`}`}${time}
        </dd>
        <dt>Recovery codes</dt>
        <dd>${input.recoveryCodesLeft} left</dd>
      </dl>
      <h2>Recovery codes</h2>
      <p class="hint">Sign in without your phone: each code works once. A new set replaces the old one.</p>
      <form method="post" action="/account-page/recovery-codes">
        ${csrfInput(input.csrfToken)}
        <button type="submit" class="secondary">Create new recovery codes</button>
      </form>
      ${
        input.rememberDevices &&
        html`<h2>Remembered browsers</h2>
          <p class="hint">Browsers you asked to remember sign in without a code.</p>
          <form method="post" action="/account-page/forget-devices">
            ${csrfInput(input.csrfToken)}
            <button type="submit" class="secondary">Forget all remembered browsers</button>
          </form>`
      }`,
  };
}

/** The recovery codes just made: shown this once. */
export function recoveryCodesView(input: {
  username: string;
  csrfToken: string;
  codes: string[];
}): PageContent {
  return {
    title: 'Your recovery codes',
    signedIn: { username: input.username, csrfToken: input.csrfToken },
    body: html`<p class="lead">
        Save these codes somewhere safe, away from your phone. Each one signs you in once when you can't get a
        code. They are shown only now; your earlier codes no longer work.
      </p>
      <ol class="codes">
        ${input.codes.map((code) => html`<li><code>${code}</code></li>`)}
      </ol>
      <a class="button" href="/account-page">I saved them</a>`,
  };
}
