// The HTML a person (or Playwright) sees: the sign-in form of /authorize, the device-login page, and
// error and result pages. Plain, accessible forms with stable ids and labels for browser tests.
import { escapeHtml } from '../exchange';

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:8vh;padding:32px 44px;width:360px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;font-weight:600;margin:0 0 16px}
label{display:block;margin:12px 0 4px}
input{width:100%;box-sizing:border-box;padding:6px 8px;font-size:1rem}
.buttons{margin-top:20px;display:flex;gap:8px;justify-content:flex-end}
button{padding:6px 18px;font-size:1rem}
button[type=submit]{background:#0067b8;color:#fff;border:0}
.error{color:#a80000}
.note{color:#555;font-size:.85rem;margin-top:24px}
</style></head>
<body><main>${body}<p class="note">Azure Identity emulator — a local test stand-in for Microsoft Entra ID.</p></main></body></html>`;
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

export function signInPage(action: string, params: Record<string, string>, options: { username?: string; error?: string; appName: string }): string {
  const error = options.error ? `<p class="error" role="alert" id="error">${escapeHtml(options.error)}</p>` : '';
  return page('Sign in to your account', `
<h1>Sign in</h1>
<p>to continue to ${escapeHtml(options.appName)}</p>
${error}
<form method="post" action="${escapeHtml(action)}" id="signin">
${hidden(params)}
<label for="username">Email or username</label>
<input id="username" name="username" type="email" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="buttons">
<button type="submit" name="emulator_action" value="signin" id="signin-button">Sign in</button>
<button type="submit" name="emulator_action" value="cancel" id="cancel" formnovalidate>Cancel</button>
</div>
</form>`);
}

export function deviceLoginPage(action: string, options: { userCode?: string; error?: string }): string {
  const error = options.error ? `<p class="error" role="alert" id="error">${escapeHtml(options.error)}</p>` : '';
  return page('Enter code', `
<h1>Enter code</h1>
<p>Enter the code displayed on your app or device, then sign in.</p>
${error}
<form method="post" action="${escapeHtml(action)}" id="devicelogin">
<label for="otc">Code</label>
<input id="otc" name="otc" autocomplete="off" required value="${escapeHtml(options.userCode ?? '')}">
<label for="username">Email or username</label>
<input id="username" name="username" type="email" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="buttons">
<button type="submit" name="emulator_action" value="signin" id="signin-button">Sign in</button>
<button type="submit" name="emulator_action" value="decline" id="decline" formnovalidate>Decline</button>
</div>
</form>`);
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p id="message">${escapeHtml(message)}</p>`);
}

/** response_mode=form_post: a page that posts the result to the redirect URI at once. */
export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  return `<!DOCTYPE html><html><head><title>Working...</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${hidden(fields)}
<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}
