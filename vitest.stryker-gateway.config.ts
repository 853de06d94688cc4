// The tests StrykerJS runs against each mutant of the gateway (`npm run mutate:gateway`, see docs/testing.md):
// the gateway's own tests, which import its sources (`../src/...`) and start real servers on free ports
// (the issuers they use come from the dev issuer's and logto-guard's built `dist/`, which are not mutated).
// Not run: examples/gateway (spawns the built bin with nginx or Python backends) and packages/cli (runs
// `logto-guard gateway` from `dist/`): a mutant of `src/` never reaches them.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    include: ['packages/gateway/test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
  },
});
