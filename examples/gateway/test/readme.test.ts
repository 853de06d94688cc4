// The root README shows the shipped rules file and nginx config verbatim; this keeps them from drifting.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('README "Protect a backend in any language"', () => {
  const readme = read('README.md');
  it.each([
    ['yaml', 'examples/gateway/gateway.yaml'],
    ['nginx', 'examples/gateway/nginx/logto-guard.conf'],
  ])('shows %s exactly as %s', (language, path) => {
    expect(readme).toContain(`\`\`\`${language}\n${read(path)}\`\`\``);
  });
});
