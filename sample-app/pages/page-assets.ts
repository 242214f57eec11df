/** Paths of the pages' only two static files (a CSP of `'self'` and no inline code allows them). */
export const ASSET_PATHS = { css: '/assets/pages.css', js: '/assets/verify.js' } as const;

/** The pages' stylesheet: one small file, no framework. */
export const PAGES_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5a6272; --line: #d5d9e0; --accent: #0b5cad;
  --accent-ink: #fff; --error: #a4161a; --error-bg: #fdecec; --ok: #1d6b35; --ok-bg: #e8f5ec;
  --info-bg: #eaf2fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: #f4f6f9; }
header { background: #fff; border-bottom: 1px solid var(--line); }
header .bar { max-width: 40rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap;
  gap: .5rem 1rem; align-items: center; justify-content: space-between; }
header a.brand, header button { white-space: nowrap; }
header a.brand { color: var(--ink); font-weight: 700; text-decoration: none; }
main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid var(--line);
  border-radius: .5rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p { margin: .5rem 0; }
a { color: var(--accent); }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input { width: 100%; font: inherit; padding: .55rem .7rem; border: 1px solid #8a93a3; border-radius: .35rem; }
input.pin { font-size: 1.6rem; letter-spacing: .4em; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  max-width: 12em; }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .55rem 1.1rem;
  border-radius: .35rem; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-ink);
  cursor: pointer; text-decoration: none; margin: 1.25rem .5rem 0 0; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .5; cursor: not-allowed; }
button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
header form { display: flex; align-items: center; gap: .75rem; margin: 0; }
header form button { margin: 0; padding: .3rem .8rem; }
.flash { padding: .75rem 1rem; border-radius: .35rem; margin: 0 0 1rem; border: 1px solid; }
.flash.error { background: var(--error-bg); color: var(--error); border-color: #f1b5b7; }
.flash.success { background: var(--ok-bg); color: var(--ok); border-color: #a9d8b7; }
.flash.info { background: var(--info-bg); border-color: #b7cfee; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; margin: 1rem 0; }
dt { color: var(--muted); }
dd { margin: 0; font-weight: 600; }
.dev { color: var(--muted); font-size: .85rem; border-top: 1px dashed var(--line); margin-top: 1.5rem;
  padding-top: .75rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
`;

/**
 * The verify page's script: a countdown until resending is allowed. Progressive enhancement:
 * without it the resend buttons simply stay enabled and the server says when to wait.
 */
export const VERIFY_JS = `'use strict';
(function () {
  var wait = document.getElementById('resend-wait');
  if (!wait) return;
  var seconds = parseInt(wait.getAttribute('data-seconds') || '0', 10);
  var count = wait.querySelector('[data-countdown]');
  var ready = document.getElementById('resend-ready');
  var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-resend]'));
  if (!(seconds > 0) || !count) return;
  var end = Date.now() + seconds * 1000;
  function format(left) {
    var s = left % 60;
    return Math.floor(left / 60) + ':' + (s < 10 ? '0' : '') + s;
  }
  function setDisabled(disabled) {
    buttons.forEach(function (button) { button.disabled = disabled; });
  }
  function tick() {
    var left = Math.ceil((end - Date.now()) / 1000);
    if (left <= 0) {
      setDisabled(false);
      wait.hidden = true;
      if (ready) ready.textContent = 'You can ask for the code again now.';
      return;
    }
    count.textContent = format(left);
    setTimeout(tick, 250);
  }
  setDisabled(true);
  tick();
})();
`;
