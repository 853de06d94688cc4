/**
 * Every `npx <command>` in the repository's READMEs runs a command installed by `npm install` here, so
 * none falls through to the public registry (where anyone may have registered that name).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../..', import.meta.url));
const { workspaces } = JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as {
  workspaces: string[];
};
// The root README and every workspace's, present or future.
const readmes = ['README.md', ...workspaces.map((dir) => `${dir}/README.md`)].filter((file) =>
  existsSync(join(repository, file)),
);

describe('README commands', () => {
  it.each(readmes)('%s: every npx command is a bin of this repository', (readme) => {
    const text = readFileSync(join(repository, readme), 'utf8');
    const commands = [...text.matchAll(/\bnpx\s+(?:--?[\w-]+\s+)*([@\w][\w@/.-]*)/g)].map(
      (match) => match[1] as string,
    );
    const missing = commands.filter((name) => !existsSync(join(repository, 'node_modules', '.bin', name)));
    expect(missing).toEqual([]);
  });

  it('finds the commands it checks', () => {
    const text = readFileSync(join(repository, 'README.md'), 'utf8');
    expect(text).toMatch(/npx logto-guard token/);
    expect(existsSync(join(repository, 'node_modules', '.bin', 'logto-dev-issuer'))).toBe(true);
  });
});
