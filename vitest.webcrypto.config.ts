// Runs logto-guard's tests on the WebCrypto signature path (what Bun, Deno, Workers and browsers take)
// instead of the node:crypto path Node.js picks, by aliasing the verifier's path selector:
//   npx vitest run --config vitest.webcrypto.config.ts packages/logto-guard
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

const web = fileURLToPath(
  new URL('./packages/logto-guard/test/support/webcrypto-signature.ts', import.meta.url),
);
export default mergeConfig(
  base,
  defineConfig({
    resolve: { alias: [{ find: /^(\.\/|(\.\.\/)+src\/core\/)signature\/index\.js$/, replacement: web }] },
    test: { env: { LOGTO_GUARD_SIGNATURE_PATH: 'webcrypto' } },
  }),
);
