// The tests StrykerJS runs against each mutant (`npm run mutate`, see docs/testing.md): logto-guard's own
// tests that import its sources. Left out, because a mutant of `src/` cannot reach them or because they
// would make the figures depend on time or chance:
// - architecture.test.ts reads the sources as text through `fs` (import boundaries), never runs them;
// - nestjs/commonjs.test.ts transpiles the sources into a temporary CommonJS app in a child process;
// - e2e/dev-issuer.test.ts needs the dev issuer's `dist/` (it imports logto-guard's `dist/` too);
// - fuzz/ draws random inputs and soak/ runs for a number of seconds: neither is reproducible per mutant.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['packages/logto-guard/test/**/*.test.ts'],
      exclude: [
        '**/node_modules/**',
        'packages/logto-guard/test/architecture.test.ts',
        'packages/logto-guard/test/nestjs/commonjs.test.ts',
        'packages/logto-guard/test/e2e/**',
        'packages/logto-guard/test/fuzz/**',
        'packages/logto-guard/test/soak/**',
      ],
    },
  }),
);
