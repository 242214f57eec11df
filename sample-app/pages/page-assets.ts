/** Paths of the pages' static files (a CSP of `'self'` and no inline code allows them). */
export const ASSET_PATHS = {
  css: '/assets/pages.css',
  js: '/assets/verify.js',
  icon: '/favicon.svg',
} as const;

/** The product name the pages show. */
export const PRODUCT_NAME = 'Acme';

/** The favicon, also answered at `/favicon.ico` (browsers ask for it on every site). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#0b5cad"/>
<path d="M16 6l8 3v6c0 5.2-3.4 9.4-8 11-4.6-1.6-8-5.8-8-11V9z" fill="#fff"/>
<path d="M12.5 16.2l2.6 2.6 4.8-5" fill="none" stroke="#0b5cad" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;

/**
 * The pages' stylesheet: one small file, no framework. A narrow centred card (edge to edge
 * on phones), one full-width primary button per form, links for secondary actions, and a
 * focus ring of 6.6:1 against the white card (WCAG 2.2 asks 3:1).
 */
export const PAGES_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #545b69; --line: #d5d9e0; --field: #6b7385;
  --accent: #0b5cad; --accent-dark: #084a8c; --focus: #0b5cad; --error: #a4161a; --error-bg: #fdecec;
  --ok: #1d6b35; --ok-bg: #e8f5ec; --info-bg: #eaf2fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: #f2f4f7; }
.top { max-width: 27rem; margin: 0 auto; padding: 2rem .25rem 1rem; display: flex; align-items: center;
  justify-content: space-between; gap: 1rem; }
.brand { display: inline-flex; align-items: center; gap: .55rem; color: var(--ink); font-weight: 700;
  font-size: 1.2rem; text-decoration: none; }
.brand img { width: 2rem; height: 2rem; }
.top form { margin: 0; }
main { max-width: 27rem; margin: 0 auto 1.5rem; padding: 2rem 1.75rem; background: #fff;
  border: 1px solid var(--line); border-radius: .75rem; box-shadow: 0 1px 3px rgba(16, 24, 40, .08); }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .25rem; }
p { margin: .5rem 0; }
a { color: var(--accent); }
.lead { color: var(--muted); }
label { display: block; font-weight: 600; margin: 1.1rem 0 .35rem; }
input[type=text], input[type=password], input[type=tel] { width: 100%; font: inherit; padding: .6rem .75rem;
  border: 1px solid var(--field); border-radius: .45rem; background: #fff; color: var(--ink); }
input[aria-invalid=true] { border: 2px solid var(--error); }
input.pin { font-size: 1.75rem; letter-spacing: .35em; text-align: center; padding: .5rem;
  font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
input.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; letter-spacing: .1em; }
.hint { color: var(--muted); font-size: .9rem; margin: .35rem 0 0; }
.field-error { color: var(--error); font-weight: 600; font-size: .95rem; margin: .35rem 0 0; }
.check { display: flex; align-items: center; gap: .55rem; font-weight: 400; margin: 1rem 0 0; }
.check input { width: 1.2rem; height: 1.2rem; margin: 0; accent-color: var(--accent); }
button, .button { display: block; width: 100%; font: inherit; font-weight: 600; text-align: center;
  padding: .7rem 1rem; margin: 1.35rem 0 0; border-radius: .45rem; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; text-decoration: none; cursor: pointer; }
button:hover, .button:hover { background: var(--accent-dark); }
.button.secondary, button.secondary { background: #fff; color: var(--accent); margin-top: .75rem; }
.button.secondary:hover, button.secondary:hover { background: var(--info-bg); }
button.link { display: inline; width: auto; padding: 0; margin: 0; border: 0; background: none;
  color: var(--accent); font-weight: 600; text-decoration: underline; }
button.link:hover { background: none; color: var(--accent-dark); }
button:disabled, button.link:disabled { color: var(--muted); text-decoration: none; cursor: default; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.flash { padding: .75rem 1rem; border-radius: .45rem; margin: 0 0 1rem; border: 1px solid; }
.flash.error { background: var(--error-bg); color: var(--error); border-color: #f1b5b7; }
.flash.success { background: var(--ok-bg); color: var(--ok); border-color: #a9d8b7; }
.flash.info { background: var(--info-bg); border-color: #b7cfee; }
.resend { margin-top: 1.25rem; text-align: center; }
.resend p { margin: 0; }
details.other { margin-top: 1rem; border-top: 1px solid var(--line); padding-top: 1rem; text-align: center; }
details.other summary { color: var(--accent); font-weight: 600; cursor: pointer; }
details.other ul { list-style: none; padding: 0; margin: .75rem 0 0; }
details.other li { margin: .5rem 0; }
details.other form { margin: 0; }
.alt { text-align: center; margin-top: 1.25rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; margin: 1rem 0; }
dt { color: var(--muted); }
dd { margin: 0; font-weight: 600; }
ol.codes { columns: 2; padding-left: 1.5rem; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: 1.05rem; }
footer { max-width: 27rem; margin: 0 auto 2rem; padding: 0 1rem; color: var(--muted); font-size: .85rem;
  text-align: center; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@media (max-width: 30rem) {
  .top { padding: 1rem 1rem .75rem; }
  main { border-left: 0; border-right: 0; border-radius: 0; box-shadow: none; padding: 1.5rem 1rem; }
}
`;

/**
 * The verify page's script: a countdown until resending is allowed. Progressive enhancement:
 * without it the resend buttons simply stay enabled and the server says when to wait.
 */
export const VERIFY_JS = `'use strict';
(function () {
  function format(left) {
    var s = left % 60;
    return Math.floor(left / 60) + ':' + (s < 10 ? '0' : '') + s;
  }
  // Runs \`tick(left)\` each second until it answers false or the time is up.
  function countdown(seconds, tick, done) {
    var end = Date.now() + seconds * 1000;
    (function step() {
      var left = Math.ceil((end - Date.now()) / 1000);
      if (left <= 0) return done();
      tick(left);
      setTimeout(step, 250);
    })();
  }
  var wait = document.getElementById('resend-wait');
  var seconds = wait ? parseInt(wait.getAttribute('data-seconds') || '0', 10) : 0;
  var count = wait && wait.querySelector('[data-countdown]');
  if (seconds > 0 && count) {
    var ready = document.getElementById('resend-ready');
    var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-resend]'));
    var setDisabled = function (disabled) {
      buttons.forEach(function (button) { button.disabled = disabled; });
    };
    setDisabled(true);
    countdown(seconds, function (left) { count.textContent = format(left); }, function () {
      setDisabled(false);
      wait.hidden = true;
      if (ready) ready.textContent = 'You can ask for the code again now.';
    });
  }
  var expiry = document.querySelector('[data-expires-in]');
  var expiresIn = expiry ? parseInt(expiry.getAttribute('data-expires-in') || '0', 10) : 0;
  if (expiry && expiresIn > 0) {
    countdown(expiresIn, function (left) { expiry.textContent = format(left); }, function () {
      var line = document.getElementById('expiry');
      if (line) line.textContent = 'This code has expired: send a new one.';
    });
  }
})();
`;
