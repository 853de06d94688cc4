/**
 * The playground's HTML: a shell the bundle fills, with the configuration embedded as JSON.
 *
 * @module
 */
import type { PlaygroundConfig } from './catalog.js';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1f;max-width:80rem}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
.bar{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}button,select{padding:.35rem .7rem;font:inherit}
pre{background:#f4f4f6;padding:.6rem;overflow:auto;max-height:22rem;font-size:.8rem;white-space:pre-wrap;word-break:break-all}
.note{color:#555;font-size:.85rem}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:.8rem}
table{border-collapse:collapse;font-size:.82rem}th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:center}
th{background:#fafafa;font-weight:600}td.identity{text-align:left;white-space:nowrap}
.s200,.s201{background:#c8f7c5}.s401{background:#ffd6a5}.s403{background:#ffadad}.s503{background:#bdb2ff}.pending{background:#eee}
.legend span{display:inline-block;padding:.1rem .5rem;margin-right:.3rem;border:1px solid #ccc}
.warn{color:#8a4b00;font-weight:600}[hidden]{display:none}`;

/** Keeps `</script>` and friends out of the embedded JSON. */
const embedJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The page. Without a configuration (the demo trusts a real Logto), it says the playground needs the
 * local issuer.
 *
 * @example
 * ```ts
 * res.type('html').send(renderPlaygroundPage(config));
 * ```
 */
export function renderPlaygroundPage(config: PlaygroundConfig | undefined): string {
  const body =
    config === undefined
      ? '<p class="warn">The playground signs in with the local dev issuer\'s seeded users and apps: start the demo without LOGTO_ENDPOINT.</p>'
      : `<script type="application/json" id="playground-config">${embedJson(config)}</script>
<main id="playground"><p class="note">Loading…</p></main>
<script type="module" src="/playground/app.js"></script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>logto-guard playground</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><h1>logto-guard playground</h1>
<p class="note">Sign in as a seeded user (with <code>@logto/browser</code>, Logto's SDK) or pick a seeded machine-to-machine app (its token is fetched by the server), call the demo API, and see what the guard answers.</p>
${body}</body></html>`;
}
