import { html, type SafeHtml } from '../html';
import { csrfInput, type PageContent } from '../page-layout';
import type { Flash } from '../page-session';
import { fieldError, formField } from './form-field';

/** What the public pages need besides the flash. */
export interface PublicViewInput {
  csrfToken: string;
  flash?: Flash;
  /** PINs are printed in the server console (embedded engine, development). */
  pinsInConsole: boolean;
  /** How to type a phone number here (the default region's national format is accepted). */
  phoneHint?: string;
}

/** `GET /` for visitors who are not signed in. */
export function homeView(input: Omit<PublicViewInput, 'csrfToken'>): PageContent {
  return {
    title: 'Welcome',
    flash: input.flash,
    body: html`<p class="lead">
        Sign in with your password and a one-time code sent to your phone by SMS, or read out by a voice call.
      </p>
      <a class="button" href="/login">Sign in</a>
      <a class="button secondary" href="/register">Create an account</a>`,
  };
}

/** `GET /register`. */
export function registerView(input: PublicViewInput): PageContent {
  const fields = input.flash?.fields ?? {};
  return {
    title: 'Create an account',
    flash: input.flash,
    body: html`<form method="post" action="/register">
        ${csrfInput(input.csrfToken)}
        ${formField({
          name: 'username',
          label: 'Username',
          autocomplete: 'username',
          value: fields.username,
          hint: '3 to 32 characters: letters, digits, _ . -',
          error: fieldError(input.flash, 'username'),
          attributes: html` minlength="3" maxlength="32" autocapitalize="none" spellcheck="false"`,
        })}
        ${formField({
          name: 'password',
          label: 'Password',
          type: 'password',
          autocomplete: 'new-password',
          hint: 'At least 8 characters.',
          error: fieldError(input.flash, 'password'),
          attributes: html` minlength="8" maxlength="128"`,
        })}
        ${formField({
          name: 'phone',
          label: 'Mobile phone number',
          type: 'tel',
          autocomplete: 'tel',
          value: fields.phone,
          hint: input.phoneHint ?? 'In international format, e.g. +41 79 123 45 67. Your code is sent there.',
          error: fieldError(input.flash, 'phone'),
          attributes: html` maxlength="32"`,
        })}
        <button type="submit">Create account</button>
      </form>
      <p class="alt">Already have an account? <a href="/login">Sign in</a></p>`,
  };
}

/** `GET /login`. */
export function loginView(input: PublicViewInput): PageContent {
  return {
    title: 'Sign in',
    flash: input.flash,
    body: html`<form method="post" action="/login">
        ${csrfInput(input.csrfToken)}
        ${formField({
          name: 'username',
          label: 'Username',
          autocomplete: 'username',
          value: input.flash?.fields?.username,
          error: fieldError(input.flash, 'username'),
          attributes: html` maxlength="64" autocapitalize="none" spellcheck="false"`,
        })}
        ${formField({
          name: 'password',
          label: 'Password',
          type: 'password',
          autocomplete: 'current-password',
          error: fieldError(input.flash, 'password'),
          attributes: html` maxlength="128"`,
        })}
        <button type="submit">Continue</button>
      </form>
      <p class="alt">No account yet? <a href="/register">Create one</a></p>`,
  };
}

/** A page for a refused or failed request. */
export function problemView(
  title: string,
  text: string,
  link: SafeHtml = html`<a href="/">Home</a>`,
): PageContent {
  return {
    title,
    body: html`<p>${text}</p>
      <p class="alt">${link}</p>`,
  };
}
