// The test app: built once per test run (`next build`), served with `next start`.
import { fileURLToPath } from 'node:url';

const signatureModule = '../../../packages/logto-guard/dist/core/signature/index.js';

/** @type {import('next').NextConfig} */
export default {
  distDir: 'dist',
  // Type-checked by `npm run typecheck` (tsc), not again by every test build.
  typescript: { ignoreBuildErrors: true },
  turbopack: {
    root: fileURLToPath(new URL('../../../', import.meta.url)),
    resolveAlias: { 'logto-guard-signature': signatureModule },
  },
};
