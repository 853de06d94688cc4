// Key rotation under a flood of made-up kids, and the fetch-rate bound: a newly published key is accepted
// within a cooldown, fetches stay at one per cooldown per guard, and failed refreshes back off.
import { afterEach, describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions, globalApi } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const policy = globalApi({ scopes: ['read'] });
let clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const frozen = () => clock;
const issuers: TestIssuer[] = [];

afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

/** A listening test issuer, and a guard whose key-set fetches are counted (errors and hangs included). */
async function setUp(guardOptions: Partial<GuardOptions> = {}, now: () => number = frozen) {
  const issuer = await createTestIssuer({ listen: true, now });
  issuers.push(issuer);
  const counter = { jwks: 0 };
  const guard = createGuard({
    jwksUri: issuer.jwksUri,
    issuer: issuer.issuer,
    audience: API,
    now,
    tokenCache: false,
    fetch: (input, init) => {
      counter.jwks += 1;
      return fetch(input, init);
    },
    ...guardOptions,
  });
  const status = async (token: string) => {
    const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, policy);
    return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
  };
  const madeUp = (count: number, from = 0) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        issuer.mintApiToken(API, { scopes: ['read'], header: { kid: `made-up-${from + i}` } }),
      ),
    );
  return { issuer, guard, counter, status, madeUp };
}

describe('key rotation under a flood of made-up kids (frozen clock)', () => {
  it('accepts the new key on its first token, with one fetch per cooldown for the whole flood', async () => {
    const { issuer, counter, status, madeUp } = await setUp();
    expect(await status(await issuer.mintApiToken(API, { scopes: ['read'] }))).toBe(200);
    expect(counter.jwks).toBe(1);
    const flood = await madeUp(200);
    // The flood starts right after the first fetch: every made-up kid waits for the next allowed fetch.
    const firstWave = flood.slice(0, 100).map(status);
    await issuer.rotateKeys();
    const rotated = await issuer.mintApiToken(API, { scopes: ['read'] });
    const results = await Promise.all([...firstWave, status(rotated), ...flood.slice(100).map(status)]);
    expect(results.filter((result) => result === 200)).toHaveLength(1);
    expect(results.filter((result) => result === '401 unknown_key')).toHaveLength(200);
    expect(results[100]).toBe(200); // the first token of the new key
    expect(counter.jwks).toBe(2); // one fetch for the 201 requests
    // The flood goes on within the same second: no new fetch is started.
    expect(await status(rotated)).toBe(200);
    expect(counter.jwks).toBe(2);
  });

  it('starts no fetch of its own for a kid that is known but used with another alg', async () => {
    const { issuer, counter, status } = await setUp();
    expect(await status(await issuer.mintApiToken(API, { scopes: ['read'] }))).toBe(200);
    const head = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: issuer.kid })).toString(
      'base64url',
    );
    clock += 5_000;
    expect(await status(`${head}.e30.c2ln`)).toBe('401 unknown_key');
    expect(counter.jwks).toBe(1);
  });
});

describe('failed refreshes back off while stale keys stay honoured', () => {
  it('fetches about once for 100 requests after jwksCacheMaxAge while the JWKS errors', async () => {
    const { issuer, counter, status } = await setUp({ jwksCacheMaxAge: 60_000 });
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(token)).toBe(200);
    issuer.setOutage('error');
    clock += 120_000; // the key set is stale: each request would like a refresh
    for (let i = 0; i < 100; i += 1) expect(await status(token)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the background refresh settle
    expect(counter.jwks).toBe(2);
    // Consecutive failures double the wait: 1 s, 2 s, 4 s, ...
    const fetchesAt: number[] = [];
    for (let second = 1; second <= 8; second += 1) {
      clock += 1_000;
      for (let i = 0; i < 10; i += 1) expect(await status(token)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      fetchesAt.push(counter.jwks);
    }
    expect(fetchesAt).toEqual([3, 3, 4, 4, 4, 4, 5, 5]);
    issuer.setOutage('none');
    clock += 8_000;
    expect(await status(token)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counter.jwks).toBe(6); // recovered: the key set is fresh again
    clock += 1_000;
    for (let i = 0; i < 10; i += 1) expect(await status(token)).toBe(200);
    expect(counter.jwks).toBe(6);
  });

  it('answers a made-up kid 503 at once while the issuer is down and backing off, known kids 200', async () => {
    const { issuer, counter, status, madeUp } = await setUp({ jwksCacheMaxAge: 60_000, fetchTimeout: 300 });
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(token)).toBe(200);
    issuer.setOutage('hang');
    clock += 2_000;
    const [first, second] = await madeUp(2);
    // The fetch in flight hangs until the fetch timeout; the made-up kid waits for it and gets 503.
    expect(await status(first as string)).toBe('503 jwks_unavailable');
    expect(await status(second as string)).toBe('503 jwks_unavailable'); // backing off: no wait
    expect(await status(token)).toBe(200);
    expect(counter.jwks).toBe(2);
  });
});

describe('key rotation under a flood over real HTTP (real clock)', () => {
  it('serves the new key while 16 clients flood made-up kids, with at most one fetch per second', async () => {
    const { issuer, counter, status, madeUp } = await setUp({}, Date.now);
    expect(await status(await issuer.mintApiToken(API, { scopes: ['read'] }))).toBe(200);
    const forged = await madeUp(64);
    const started = Date.now();
    let flooding = true;
    let floodAnswers = 0;
    const unexpected: unknown[] = [];
    const client = async (offset: number) => {
      for (let i = offset; flooding; i += 16) {
        const result = await status(forged[i % forged.length] as string);
        floodAnswers += 1;
        if (result !== '401 unknown_key') unexpected.push(result);
      }
    };
    const clients = Array.from({ length: 16 }, (_, i) => client(i));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await issuer.rotateKeys();
    const rotated = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(rotated)).toBe(200); // its very first request
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    flooding = false;
    await Promise.all(clients);
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(unexpected).toEqual([]);
    expect(floodAnswers).toBeGreaterThan(16);
    // The first fetch, then at most one per started second of the flood (one cooldown each).
    expect(counter.jwks).toBeGreaterThanOrEqual(2);
    expect(counter.jwks).toBeLessThanOrEqual(2 + Math.ceil(elapsedSeconds));
  });
});
