import type { PinChannel } from 'nestjs-infobip-2fa';
import { html } from '../html';
import type { PageContent } from '../page-layout';
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
}

const BY: Record<PinChannel, string> = { sms: 'SMS', voice: 'voice call', email: 'email' };

/** The signed-in, verified user's page. */
export function accountView(input: AccountViewInput): PageContent {
  const when = input.verifiedAt === undefined ? undefined : new Date(input.verifiedAt);
  return {
    title: 'Your account',
    flash: input.flash,
    signedIn: { username: input.username, csrfToken: input.csrfToken },
    body: html`<dl>
        <dt>Username</dt>
        <dd>${input.username}</dd>
        <dt>Phone</dt>
        <dd>${input.phone} (confirmed)</dd>
        <dt>Second factor</dt>
        <dd>
          Code
          verified${input.channel && ` by ${BY[input.channel]}`}${
            when &&
            html` at <time datetime="${when.toISOString()}">${when.toISOString().slice(11, 16)} UTC</time>`
          }
        </dd>
      </dl>
      <p class="dev">The same data as JSON: <code>GET /account</code> and <code>GET /2fa/status</code>.</p>`,
  };
}
