// The tests StrykerJS runs against each mutant of the gateway (`npm run mutate:gateway`, see docs/testing.md):
// the gateway's own tests, which import its sources (`../src/...`) and start real servers on free ports
// (the issuers they use come from the dev issuer's and logto-guard's built `dist/`, which are not mutated).
// Not run: examples/gateway (spawns the built bin with nginx or Python backends) and packages/cli (runs
// `logto-guard gateway` from `dist/`): a mutant of `src/` never reaches them.
// STRYKER_TESTS narrows the tests for per-file runs on a small machine (the score is then a lower bound):
// `unit` keeps the files that start no server (rules file, rules, decisions on an in-memory issuer,
// metrics); `decision` the in-process gateway tests of the decision path (decision-rules, gateway,
// failure-log); `operations` those of a running gateway's operations, logs, reloads and process side
// (operations-rules, gateway).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    include:
      process.env.STRYKER_TESTS === 'unit'
        ? [
            'packages/gateway/test/{config,config-rules,decider-rules,rules,metrics-rules,duration-histogram}.test.ts',
          ]
        : process.env.STRYKER_TESTS === 'decision'
          ? ['packages/gateway/test/{decision-rules,gateway,failure-log}.test.ts']
          : process.env.STRYKER_TESTS === 'operations'
            ? ['packages/gateway/test/{operations-rules,gateway}.test.ts']
            : ['packages/gateway/test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
  },
});
