// The pages the loopback server shows after a browser sign-in. Text from the authority is escaped.

const DEFAULT_SUCCESS_MESSAGE = 'Authentication complete. You can close this window and return to the application.';

export function successPage(message = DEFAULT_SUCCESS_MESSAGE): string {
  return page('Signed in', message);
}

export function failurePage(detail: string, message = 'Sign-in failed.'): string {
  return page('Sign-in failed', `${message} ${detail}`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
