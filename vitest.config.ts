import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Servers bind 127.0.0.1 only; a test that leaves a handle open fails the run instead of hanging it.
    teardownTimeout: 10_000,
  },
});
