import type { Response } from 'express';
import { CSRF_FIELD } from './csrf';
import { html, type SafeHtml } from './html';
import { ASSET_PATHS } from './page-assets';
import type { Flash } from './page-session';

/** What a page puts into the common layout. */
export interface PageContent {
  /** Text of `<title>` and of the page's `<h1>`. */
  title: string;
  body: SafeHtml;
  flash?: Flash;
  /** Load the resend countdown script. Default false. */
  script?: boolean;
  /** A signed-in user: the header shows the name and a sign-out button. */
  signedIn?: { username: string; csrfToken: string };
}

/**
 * Headers of every page: no inline or foreign code (scripts and styles come from this origin
 * only), no framing, no referrer to other sites, and never cached (pages show account data and
 * 2FA state). `Referrer-Policy: same-origin` rather than `no-referrer`: with `no-referrer`,
 * browsers send `Origin: null` on the pages' own form posts, which the origin check refuses.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** The hidden input that carries the session's form token. */
export function csrfInput(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}" />`;
}

/** Renders a whole document around `content`. */
export function renderPage(content: PageContent): string {
  const { flash, signedIn } = content;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${content.title} · nestjs-infobip-2fa sample</title>
        <link rel="stylesheet" href="${ASSET_PATHS.css}" />
        ${content.script && html`<script src="${ASSET_PATHS.js}" defer></script>`}
      </head>
      <body>
        <header>
          <div class="bar">
            <a class="brand" href="/">nestjs-infobip-2fa sample</a>
            ${
              signedIn &&
              html`<form method="post" action="/logout">
                ${csrfInput(signedIn.csrfToken)}
                <span>Signed in as <strong>${signedIn.username}</strong></span>
                <button type="submit" class="secondary">Sign out</button>
              </form>`
            }
          </div>
        </header>
        <main>
          <h1>${content.title}</h1>
          ${flash && html`<div class="flash ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.text}</div>`}
          ${content.body}
        </main>
      </body>
    </html> `.value;
}

/** Sends a page with {@link PAGE_HEADERS}. */
export function sendPage(res: Response, content: PageContent, status = 200): void {
  res.status(status).set(PAGE_HEADERS).send(renderPage(content));
}
