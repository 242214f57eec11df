import type { PinChannel, PinType } from 'nestjs-infobip-2fa';
import { html, type SafeHtml } from '../html';
import { csrfInput, type PageContent } from '../page-layout';
import type { Flash } from '../page-session';
import type { VerifyChallenge } from '../verify-challenge';
import { devNote } from './form-field';

/** What `GET /verify` shows. */
export interface VerifyViewInput {
  csrfToken: string;
  flash?: Flash;
  challenge: VerifyChallenge;
  /** Masked phone number the PIN went to. */
  destination: string;
  pinsInConsole: boolean;
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

/** `GET /verify`: the PIN form with resend, or why there is nothing to enter. */
export function verifyView(input: VerifyViewInput): PageContent {
  const { challenge, flash } = input;
  // Signing in again replaces the pending challenge, for this account or another.
  const startOver = (title: string, text: string): PageContent => ({
    title,
    flash: flash ?? { kind: 'error', text },
    body: html`<a class="button" href="/login">Sign in again</a>`,
  });
  switch (challenge.kind) {
    case 'none':
      return {
        title: 'No code to enter',
        flash,
        body: html`<p>
            No code is waiting for this browser. If you already have an account, sign in to get one.
          </p>
          <a class="button" href="/login">Sign in</a>
          <a class="button secondary" href="/register">Create an account</a>`,
      };
    case 'unsent':
      return startOver('No code sent', 'We could not send you a code. Sign in again to get one.');
    case 'expired':
      return startOver('Code expired', 'This code has expired. Sign in again to get a new one.');
    case 'spent':
      return startOver(
        'Code blocked',
        'Too many wrong codes: this one is blocked. Sign in again to get a new one.',
      );
    case 'ready':
      return {
        title: 'Enter your code',
        flash,
        script: challenge.resendInSeconds !== undefined && challenge.resendInSeconds > 0,
        body: html`<p>
            We sent a ${challenge.pinLength}-${PIN_INPUT[challenge.pinType].unit} code
            ${HOW[challenge.channel]} to <strong>${input.destination}</strong>.
          </p>
          ${pinForm(input.csrfToken, challenge)} ${resendForm(input.csrfToken, challenge)}
          ${cancelForm(input.csrfToken)}
          ${devNote(input.pinsInConsole && html`Development: the code is printed in the server's console.`)}`,
      };
  }
}

function pinForm(csrfToken: string, challenge: Extract<VerifyChallenge, { kind: 'ready' }>): SafeHtml {
  const format = PIN_INPUT[challenge.pinType];
  const minutes = Math.ceil(challenge.expiresInMs / 60_000);
  const attempts = challenge.attemptsRemaining;
  return html`<form method="post" action="/verify">
    ${csrfInput(csrfToken)}
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
      aria-describedby="pin-hint"
    />
    <p class="hint" id="pin-hint">
      ${challenge.pinLength} ${format.words}. Valid for ${minutes} more
      minute${minutes === 1 ? '' : 's'}${attempts !== undefined && `; ${attempts} attempt${attempts === 1 ? '' : 's'} left`}.
    </p>
    <button type="submit">Verify</button>
  </form>`;
}

function resendForm(csrfToken: string, challenge: Extract<VerifyChallenge, { kind: 'ready' }>): SafeHtml {
  const wait = challenge.resendInSeconds;
  if (wait === undefined) {
    return html`<h2>Didn't get it?</h2>
      <p>No more codes can be sent for this sign-in.</p>`;
  }
  const phone = challenge.channel === 'sms' || challenge.channel === 'voice';
  return html`<h2>Didn't get it?</h2>
    <form method="post" action="/verify/resend">
      ${csrfInput(csrfToken)}
      ${
        wait > 0 &&
        html`<p id="resend-wait" data-seconds="${wait}">
          You can ask for the code again in <span data-countdown role="timer">${formatWait(wait)}</span>.
        </p>`
      }
      <p id="resend-ready" aria-live="polite"></p>
      ${
        phone
          ? html`<button type="submit" name="channel" value="sms" class="secondary" data-resend>
                ${challenge.channel === 'sms' ? 'Send the SMS again' : 'Send it by SMS'}
              </button>
              <button type="submit" name="channel" value="voice" class="secondary" data-resend>
                ${challenge.channel === 'voice' ? 'Call me again' : 'Call me instead'}
              </button>`
          : html`<button
              type="submit"
              name="channel"
              value="${challenge.channel}"
              class="secondary"
              data-resend
            >
              Send it again
            </button>`
      }
    </form>`;
}

function cancelForm(csrfToken: string): SafeHtml {
  return html`<form method="post" action="/logout">
    ${csrfInput(csrfToken)}
    <p class="hint">Not you, or wrong number? <button type="submit" class="secondary">Start over</button></p>
  </form>`;
}

/** `90` -> `1:30`. */
export function formatWait(seconds: number): string {
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)}:${rest < 10 ? '0' : ''}${rest}`;
}
