import crypto from 'node:crypto';

/**
 * The pages emailed links open. They change nothing by themselves (no state change on GET): the token stays in
 * the URL fragment (never sent to the server or written to its logs), and a button sends it with a JSON POST to
 * the API, as any client would.
 */

const CONFIRM_SCRIPT = `document.getElementById('go').addEventListener('click', async function () {
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  var out = document.getElementById('out');
  var res = await fetch('/api/auth/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: token }) });
  var body = await res.json().catch(function () { return {}; });
  out.textContent = res.ok ? 'Your email address is confirmed. You can close this page.' : (body.detail || 'That did not work.');
});`;

const RESET_SCRIPT = `document.getElementById('form').addEventListener('submit', async function (e) {
  e.preventDefault();
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  var out = document.getElementById('out');
  var password = document.getElementById('password').value;
  var res = await fetch('/api/auth/password-reset/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: token, password: password }) });
  var body = await res.json().catch(function () { return {}; });
  out.textContent = res.status === 204 ? 'Your password was changed and every session signed out. Sign in with the new password.' : (body.detail || 'That did not work.');
});`;

const hashOf = (script: string) => `'sha256-${crypto.createHash('sha256').update(script).digest('base64')}'`;

/** Only the page's own inline script runs; it may only talk to this server. */
export const pageCsp = (script: string) =>
  `default-src 'none'; script-src ${hashOf(script)}; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`;

function page(title: string, body: string, script: string): { html: string; csp: string } {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title}</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 2em auto">
<h1>${title}</h1>
${body}
<p id="out" role="status"></p>
<script>${script}</script>
</body></html>
`;
  return { html, csp: pageCsp(script) };
}

export const CONFIRM_PAGE = page(
  'Confirm your email address',
  '<p>This page was opened from a confirmation email. Press the button to confirm; scripts can do the same with <code>POST /api/auth/confirm</code> and <code>{"token": "…"}</code>.</p><button id="go" type="button">Confirm my email address</button>',
  CONFIRM_SCRIPT,
);

export const RESET_PAGE = page(
  'Choose a new password',
  '<p>This page was opened from a password-reset email. Setting a new password signs out every session of the account. Scripts: <code>POST /api/auth/password-reset/confirm</code> with <code>{"token": "…", "password": "…"}</code>.</p><form id="form"><label>New password (8 characters or more) <input id="password" type="password" minlength="8" maxlength="1024" autocomplete="new-password" required></label> <button type="submit">Set password</button></form>',
  RESET_SCRIPT,
);
