/**
 * The timeline webview's HTML document: a static shell with a strict Content
 * Security Policy. It never contains data from the user's file — the model
 * arrives later by `postMessage`. Pure (no `vscode` import) so a unit test can
 * check the policy.
 */
import { randomBytes } from 'node:crypto';

export interface TimelineHtmlInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** From {@link createNonce}. */
  readonly nonce: string;
  /** `webview.asWebviewUri(dist/webview/timeline.js)`, as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(dist/webview/timeline.css)`, as a string. */
  readonly styleUri: string;
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/** 128 bits from the OS's CSPRNG, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function buildTimelineHtml(input: TimelineHtmlInput): string {
  if (!NONCE.test(input.nonce)) throw new Error('timeline webview: the nonce must be base64 from createNonce()');
  // cspSource is one or more sources (code-server: `'self' https://…`); it must not add directives or unsafe keywords.
  if (/[;,"\r\n\0]|'unsafe-|'nonce-|'sha\d/i.test(input.cspSource)) throw new Error('timeline webview: unexpected characters in cspSource');
  const csp = escapeAttribute(contentSecurityPolicy(input.cspSource, input.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(input.styleUri)}">
<title>Loop timeline</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="boot">Predicting the loop timeline…</p></main>
<script nonce="${escapeAttribute(input.nonce)}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>
`;
}
