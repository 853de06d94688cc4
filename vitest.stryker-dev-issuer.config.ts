// The tests StrykerJS runs against each mutant of the dev issuer's token rules (`npm run mutate:dev-issuer`,
// see docs/testing.md): the dev issuer's own tests, which import its sources (`../src/index.js`) and start
// real issuers on free ports. Left out: cli/command.test.ts, which spawns `bin/logto-dev-issuer.js` (the
// built `dist/`, which a mutant of `src/` never reaches) and only parses command-line flags otherwise.
// The other packages' tests (logto-guard's e2e, the gateway's, the examples') import the dev issuer through
// its package name, i.e. `dist/`: they cannot see a mutant either.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    include: ['packages/dev-issuer/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'packages/dev-issuer/test/cli/command.test.ts'],
  },
});
