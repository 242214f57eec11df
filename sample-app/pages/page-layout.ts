import type { Response } from 'express';
import { CSRF_FIELD } from './csrf';
import { html, type SafeHtml } from './html';
import { ASSET_PATHS, PRODUCT_NAME } from './page-assets';
import type { Flash } from './page-session';

/** What a page puts into the common layout. */
export interface PageContent {
  /** Text of `<title>` and of the page's `<h1>`. */
  title: string;
  body: SafeHtml;
  flash?: Flash;
  /** Load the resend countdown script. Default false. */
  script?: boolean;
  /** A signed-in user: the header shows a sign-out button. */
  signedIn?: { username: string; csrfToken: string };
  /** A short line under the card (e.g. where development PINs go). */
  footer?: SafeHtml | false;
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

/**
 * Renders a whole document around `content`: the product's name above a narrow card holding
 * the page. An error shown beside a field (`flash.field`) is left to the view; any other
 * message opens the card. The title starts with "Error:" while an error is shown.
 */
export function renderPage(content: PageContent): string {
  const { flash, signedIn } = content;
  const topFlash = flash && !flash.field ? flash : undefined;
  const error = flash?.kind === 'error' ? 'Error: ' : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${error}${content.title} · ${PRODUCT_NAME}</title>
        <link rel="icon" href="${ASSET_PATHS.icon}" type="image/svg+xml" />
        <link rel="stylesheet" href="${ASSET_PATHS.css}" />
        ${content.script && html`<script src="${ASSET_PATHS.js}" defer></script>`}
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/"><img src="${ASSET_PATHS.icon}" alt="" />${PRODUCT_NAME}</a>
          ${
            signedIn &&
            html`<form method="post" action="/logout">
              ${csrfInput(signedIn.csrfToken)}
              <button type="submit" class="link">Sign out</button>
            </form>`
          }
        </header>
        <main>
          <h1>${content.title}</h1>
          ${topFlash && html`<div class="flash ${topFlash.kind}" role="${topFlash.kind === 'error' ? 'alert' : 'status'}">${topFlash.text}</div>`}
          ${content.body}
        </main>
        ${content.footer && html`<footer>${content.footer}</footer>`}
      </body>
    </html> `.value;
}

/** Sends a page with {@link PAGE_HEADERS}. */
export function sendPage(res: Response, content: PageContent, status = 200): void {
  res.status(status).set(PAGE_HEADERS).send(renderPage(content));
}
