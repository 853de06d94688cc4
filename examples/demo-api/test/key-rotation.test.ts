import { afterAll, beforeAll, expect, it } from 'vitest';

import { type RunningDemo, startDemo } from '../src/start.js';
import { API_RESOURCE, call, fullAccess, tokenFor } from './helpers.js';

/** The guard's default `jwksCooldown`: least time between a key-set fetch and one caused by an unknown kid. */
const JWKS_COOLDOWN_MS = 1_000;

let demo: RunningDemo;
let clockOffset = 0;

const protectedToken = () =>
  tokenFor(demo.devIssuer!, fullAccess, { resource: API_RESOURCE, scope: 'api:read api:write' });

const headerOf = (token: string): { alg: string; kid: string } =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));

beforeAll(async () => {
  // The guard's clock only: the issuer and the tokens' iat/exp stay on real time.
  demo = await startDemo({ port: 0, issuerPort: 0, guardOptions: { now: () => Date.now() + clockOffset } });
});

afterAll(async () => {
  await demo?.close();
});

it('keeps serving while the issuer rotates its key (ES384 → RS256), old and new tokens alike', async () => {
  const usedBefore = await protectedToken();
  const unusedBefore = await protectedToken();
  expect((await call(demo.url, '/api/protected', { token: usedBefore })).status).toBe(200);

  const rotated = await demo.devIssuer!.rotateKeys({ alg: 'RS256' });
  const after = await protectedToken();
  expect(headerOf(after)).toMatchObject({ alg: 'RS256', kid: rotated.kid });
  expect(headerOf(unusedBefore)).toMatchObject({ alg: 'ES384' });

  // The new kid is unknown to the API's cached key set: past the cooldown it refetches the JWKS once.
  clockOffset = JWKS_COOLDOWN_MS + 1000;
  expect((await call(demo.url, '/api/protected', { token: after })).status).toBe(200);
  // The previous key stays published, so tokens it signed keep working (cached or not).
  expect((await call(demo.url, '/api/protected', { token: usedBefore })).status).toBe(200);
  expect((await call(demo.url, '/api/protected', { token: unusedBefore })).status).toBe(200);
});
