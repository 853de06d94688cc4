// The tests StrykerJS runs against each mutant (`npm run mutate`, see docs/testing.md): logto-guard's own
// tests that import its sources. Left out, because a mutant of `src/` cannot reach them or because they
// would make the figures depend on time or chance:
// - architecture.test.ts reads the sources as text through `fs` (import boundaries), never runs them;
// - nestjs/commonjs.test.ts transpiles the sources into a temporary CommonJS app in a child process;
// - e2e/dev-issuer.test.ts needs the dev issuer's `dist/` (it imports logto-guard's `dist/` too);
// - fuzz/ draws random inputs and soak/ runs for a number of seconds: neither is reproducible per mutant.
// STRYKER_TESTS=core keeps only the tests of the core (test/core, test/testing and the two top-level
// files): a core mutant is then tried against ~300 tests instead of ~700, which is what makes per-file runs
// fit on a 2-core machine; the score it gives is a lower bound of the full one.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// Not mergeConfig: it would concatenate `include` with the base one (every package's tests).
export default defineConfig({
  test: {
    ...base.test,
    include:
      process.env.STRYKER_TESTS === 'core'
        ? ['packages/logto-guard/test/{core,testing}/**/*.test.ts', 'packages/logto-guard/test/*.test.ts']
        : ['packages/logto-guard/test/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      'packages/logto-guard/test/architecture.test.ts',
      'packages/logto-guard/test/nestjs/commonjs.test.ts',
      'packages/logto-guard/test/e2e/**',
      'packages/logto-guard/test/fuzz/**',
      'packages/logto-guard/test/soak/**',
    ],
  },
});
