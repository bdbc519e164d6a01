import { randomBytes } from "node:crypto";

/**
 * The chat panel's HTML. The Content-Security-Policy allows nothing by default: one script with
 * a fresh nonce, styles from the extension's own folder, images only as data: URIs. No remote
 * content can load, and nothing in the page knows the daemon's token.
 */
export function webviewHtml(options: {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}): string {
  const nonce = options.nonce ?? randomBytes(16).toString("base64");
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${options.cspSource}`,
    "img-src data:",
    "font-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${options.styleUri}">
<title>Berth</title>
</head>
<body>
<header id="header"><span id="title">Berth</span><span id="status"></span><span id="mode"></span><span id="cost"></span></header>
<main id="log" aria-live="polite"></main>
<form id="composer">
<textarea id="input" rows="3" placeholder="Ask Berth… (Enter to send, Shift+Enter for a new line)"></textarea>
<div class="buttons"><button type="submit" id="send">Send</button><button type="button" id="interrupt">Interrupt</button></div>
</form>
<script nonce="${nonce}" src="${options.scriptUri}"></script>
</body>
</html>`;
}
