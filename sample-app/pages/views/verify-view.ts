import type { PinChannel, PinType } from 'nestjs-infobip-2fa';
import { html, type SafeHtml } from '../html';
import { csrfInput, type PageContent } from '../page-layout';
import type { Flash } from '../page-session';
import type { VerifyChallenge } from '../verify-challenge';
import { devNote, fieldError, formField } from './form-field';

/** What `GET /verify` shows. */
export interface VerifyViewInput {
  csrfToken: string;
  flash?: Flash;
  challenge: VerifyChallenge;
  /** Masked phone number the PIN went to. */
  destination: string;
  pinsInConsole: boolean;
  /** Days a remembered browser skips the PIN; undefined: the option is off. */
  rememberDays?: number;
  /** The session's user is known: a new code can be sent without the password. */
  canRestart: boolean;
  /** The user may sign in with a recovery code instead (sign-in, not registration). */
  recoveryCodes: boolean;
}

// Input hints by PIN alphabet: the keyboard to show and how to describe the code. No
// `pattern` or `maxlength`: a pasted "123 456" must reach the server, which ignores the space.
const PIN_INPUT: Record<PinType, { inputmode: string; unit: string; words: string }> = {
  NUMERIC: { inputmode: 'numeric', unit: 'digit', words: 'digits' },
  HEX: { inputmode: 'text', unit: 'character', words: 'characters (0-9, A-F)' },
  ALPHA: { inputmode: 'text', unit: 'letter', words: 'letters' },
  ALPHANUMERIC: { inputmode: 'text', unit: 'character', words: 'letters and digits' },
};

const HOW: Record<PinChannel, string> = { sms: 'by SMS', voice: 'by a voice call', email: 'by email' };

const CONSOLE_NOTE = html`Development: nothing is sent for real; codes are printed in the server's console.`;

type Ready = Extract<VerifyChallenge, { kind: 'ready' }>;

/** `GET /verify`: the PIN form with resend and other ways, or why there is nothing to enter. */
export function verifyView(input: VerifyViewInput): PageContent {
  const { challenge, flash } = input;
  const footer = devNote(input.pinsInConsole && CONSOLE_NOTE);
  // A dead end no more: a new code (within the send limits), or the password again.
  const startOver = (title: string, text: string): PageContent => ({
    title,
    flash: flash ?? { kind: 'error', text },
    footer,
    body: html`${
        input.canRestart &&
        html`<form method="post" action="/verify/restart">
          ${csrfInput(input.csrfToken)}
          <button type="submit">Send a new code</button>
        </form>`
      }
      <a class="button${input.canRestart ? ' secondary' : ''}" href="/login">Sign in again</a>
      ${input.recoveryCodes && html`<p class="alt"><a href="/verify/recovery">Use a recovery code</a></p>`}`,
  });
  switch (challenge.kind) {
    case 'none':
      return {
        title: 'No code to enter',
        flash,
        body: html`<p>No code is waiting for this browser. Sign in to get one.</p>
          <a class="button" href="/login">Sign in</a>
          <p class="alt">No account yet? <a href="/register">Create one</a></p>`,
      };
    case 'unsent':
      return startOver('No code sent', 'We could not send you a code. Send a new one, or sign in again.');
    case 'expired':
      return startOver('Code expired', 'This code has expired. Send a new one to continue.');
    case 'spent':
      return startOver(
        'Code blocked',
        'Too many wrong codes: this one is blocked. Send a new one to continue.',
      );
    case 'ready':
      return {
        title: 'Enter your code',
        flash,
        script: true,
        footer,
        body: html`<p class="lead">
            We sent a ${challenge.pinLength}-${PIN_INPUT[challenge.pinType].unit} code
            ${HOW[challenge.channel]} to <strong>${input.destination}</strong>.
          </p>
          ${pinForm(input, challenge)} ${resendForm(input.csrfToken, challenge)}
          ${otherWays(input, challenge)}`,
      };
  }
}

function pinForm(input: VerifyViewInput, challenge: Ready): SafeHtml {
  const format = PIN_INPUT[challenge.pinType];
  const seconds = Math.ceil(challenge.expiresInMs / 1000);
  const attempts = challenge.attemptsRemaining;
  const error = fieldError(input.flash, 'pin');
  return html`<form method="post" action="/verify">
    ${csrfInput(input.csrfToken)}
    <label for="pin">Code</label>
    <input
      id="pin"
      name="pin"
      class="pin"
      type="text"
      inputmode="${format.inputmode}"
      autocomplete="one-time-code"
      minlength="${challenge.pinLength}"
      maxlength="64"
      title="The ${challenge.pinLength} ${format.words} of the code; spaces and dashes are fine"
      autocapitalize="none"
      spellcheck="false"
      required
      autofocus
      aria-describedby="${error ? 'pin-error ' : ''}pin-hint"
      ${error && html` aria-invalid="true"`}
    />
    ${error && html`<p class="field-error" id="pin-error">${error}</p>`}
    <p class="hint" id="pin-hint">
      ${challenge.pinLength} ${format.words}.
      <span id="expiry">Valid for <span data-expires-in="${seconds}">${formatWait(seconds)}</span></span
      >${attempts !== undefined && `; ${attempts} attempt${attempts === 1 ? '' : 's'} left`}.
    </p>
    ${rememberBox(input.rememberDays)}
    <button type="submit">Verify</button>
  </form>`;
}

/** "Remember this browser", when the module's option is on. */
export function rememberBox(days: number | undefined): SafeHtml | false {
  return (
    days !== undefined &&
    html`<label class="check"
      ><input type="checkbox" name="remember" value="1" /> Remember this browser for ${days} days</label
    >`
  );
}

function resendForm(csrfToken: string, challenge: Ready): SafeHtml {
  const wait = challenge.resendInSeconds;
  if (wait === undefined) return html`<p class="resend hint">No more codes can be sent for this sign-in.</p>`;
  return html`<form method="post" action="/verify/resend" class="resend">
    ${csrfInput(csrfToken)}
    <p>
      Didn't get it?
      <button type="submit" name="channel" value="${challenge.channel}" class="link" data-resend>
        Resend code</button
      >${
        wait > 0 &&
        html`<span id="resend-wait" data-seconds="${wait}">
          in <span data-countdown>${formatWait(wait)}</span></span
        >`
      }
    </p>
    <p id="resend-ready" class="visually-hidden" aria-live="polite"></p>
  </form>`;
}

/** "Try another way": a call instead of an SMS (or the reverse), a recovery code, starting over. */
function otherWays(input: VerifyViewInput, challenge: Ready): SafeHtml {
  const phone = challenge.channel === 'sms' || challenge.channel === 'voice';
  const other = challenge.channel === 'voice' ? 'sms' : 'voice';
  return html`<details class="other">
    <summary>Try another way</summary>
    <ul>
      ${
        phone &&
        challenge.resendInSeconds !== undefined &&
        html`<li>
          <form method="post" action="/verify/resend">
            ${csrfInput(input.csrfToken)}
            <button type="submit" name="channel" value="${other}" class="link" data-resend>
              ${other === 'voice' ? 'Call me instead' : 'Text me instead'}
            </button>
          </form>
        </li>`
      }
      ${input.recoveryCodes && html`<li><a href="/verify/recovery">Use a recovery code</a></li>`}
      <li>
        <form method="post" action="/logout">
          ${csrfInput(input.csrfToken)}
          <button type="submit" class="link">Start over with another account</button>
        </form>
      </li>
    </ul>
  </details>`;
}

/** What `GET /verify/recovery` shows: a recovery code instead of the PIN. */
export function recoveryView(input: {
  csrfToken: string;
  flash?: Flash;
  rememberDays?: number;
}): PageContent {
  return {
    title: 'Use a recovery code',
    flash: input.flash,
    body: html`<p class="lead">Enter one of the recovery codes you saved. Each code works once.</p>
      <form method="post" action="/verify/recovery">
        ${csrfInput(input.csrfToken)}
        ${formField({
          name: 'code',
          label: 'Recovery code',
          autocomplete: 'off',
          hint: '10 letters and digits, like abcde-12345.',
          error: fieldError(input.flash, 'code'),
          attributes: html` class="code" maxlength="64" autocapitalize="none" spellcheck="false"`,
        })}
        ${rememberBox(input.rememberDays)}
        <button type="submit">Verify</button>
      </form>
      <p class="alt"><a href="/verify">Use the code we sent instead</a></p>`,
  };
}

/** `90` -> `1:30`. */
export function formatWait(seconds: number): string {
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)}:${rest < 10 ? '0' : ''}${rest}`;
}
