#!/usr/bin/env node
// The `logto-guard-gateway` command. Published packages ship dist/; in a clone of the repository dist/ is
// built on first use, so the command works right after `npm install`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  const { buildIfMissing } = await import('../../../scripts/build-if-missing.mjs');
  buildIfMissing(entry, new URL('../tsconfig.build.json', import.meta.url));
}
await import(entry.href);
