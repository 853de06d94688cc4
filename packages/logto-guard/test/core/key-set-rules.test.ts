// The key set's fetch rules, counted over a frozen clock: when a stale key set is refreshed, how failed
// fetches back off (doubling from max(cooldown, 1 s) up to 30 s), and when a request with an unknown
// `kid` waits for the next fetch. Every fetch the guard attempts is counted, failed ones included.
import { afterEach, describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions, globalApi } from '../../src/core/index.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
let clock = T0;
afterEach(() => {
  clock = T0;
});

/** Lets a background fetch (started without being awaited) settle before the count is read. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function setUp(guardOptions: Partial<GuardOptions> = {}) {
  const issuer = await createTestIssuer({ now: () => clock });
  const counter = { fetches: 0 };
  const guard = createGuard({
    jwksUri: issuer.jwksUri,
    issuer: issuer.issuer,
    audience: API,
    now: () => clock,
    tokenCache: false,
    debug: true,
    fetch: (input, init) => {
      counter.fetches += 1;
      return issuer.fetch(input, init);
    },
    ...guardOptions,
  });
  const token = await issuer.mintApiToken(API);
  const status = async (value = token) => {
    const outcome = await guard.check({ authorization: `Bearer ${value}`, request: {} }, globalApi());
    return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
  };
  const detail = async (value: string) => {
    const outcome = await guard.check({ authorization: `Bearer ${value}`, request: {} }, globalApi());
    return outcome.ok ? undefined : outcome.response.body.detail;
  };
  const madeUp = (kid: string) => issuer.mintApiToken(API, { header: { kid } });
  return { issuer, counter, status, detail, madeUp };
}

/** Fetches counted after a request at `at`, once any background refresh has settled. */
async function fetchesAt(
  at: number,
  probe: { status: () => Promise<unknown>; counter: { fetches: number } },
) {
  clock = at;
  expect(await probe.status()).toBe(200);
  await settle();
  return probe.counter.fetches;
}

describe('a stale key set is refreshed in the background, once jwksCacheMaxAge has passed', () => {
  it('refetches one millisecond past jwksCacheMaxAge, not at it, counting from the last fetch', async () => {
    const probe = await setUp({ jwksCacheMaxAge: 60_000 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    expect(await fetchesAt(T0 + 60_000, probe)).toBe(1);
    expect(await fetchesAt(T0 + 60_001, probe)).toBe(2);
    expect(await fetchesAt(T0 + 120_001, probe)).toBe(2);
    expect(await fetchesAt(T0 + 120_002, probe)).toBe(3);
  });

  it('waits for the cooldown even when the key set is older than jwksCacheMaxAge', async () => {
    const probe = await setUp({ jwksCacheMaxAge: 0, jwksCooldown: 5_000 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    expect(await fetchesAt(T0 + 4_999, probe)).toBe(1);
    expect(await fetchesAt(T0 + 5_000, probe)).toBe(2);
  });
});

describe('failed fetches back off while the known keys keep working', () => {
  it('doubles the wait from 1 s after each failure, up to 30 s', async () => {
    const probe = await setUp({ jwksCacheMaxAge: 0, jwksCooldown: 0 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    probe.issuer.setOutage('error');
    let at = T0 + 1;
    expect(await fetchesAt(at, probe)).toBe(2); // fails: next fetch 1 s later
    let expected = 2;
    for (const wait of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      expect(await fetchesAt(at + wait - 1, probe)).toBe(expected);
      at += wait;
      expected += 1;
      expect(await fetchesAt(at, probe)).toBe(expected);
    }
    probe.issuer.setOutage('none');
    at += 30_000;
    expect(await fetchesAt(at, probe)).toBe(expected + 1); // succeeds: the back-off is over
    expect(await fetchesAt(at + 1, probe)).toBe(expected + 2);
  });

  it('backs off from the cooldown when it is longer than 1 s', async () => {
    const probe = await setUp({ jwksCacheMaxAge: 0, jwksCooldown: 5_000 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    probe.issuer.setOutage('error');
    expect(await fetchesAt(T0 + 5_000, probe)).toBe(2);
    expect(await fetchesAt(T0 + 9_999, probe)).toBe(2);
    expect(await fetchesAt(T0 + 10_000, probe)).toBe(3);
    expect(await fetchesAt(T0 + 19_999, probe)).toBe(3);
    expect(await fetchesAt(T0 + 20_000, probe)).toBe(4);
  });

  it('answers 503 without a fetch while no key set was ever loaded and the failure backs off', async () => {
    const probe = await setUp();
    probe.issuer.setOutage('error');
    clock = T0;
    expect(await probe.status()).toBe('503 jwks_unavailable');
    clock = T0 + 999;
    expect(await probe.status()).toBe('503 jwks_unavailable');
    expect(probe.counter.fetches).toBe(1);
    probe.issuer.setOutage('none');
    clock = T0 + 1_000;
    expect(await probe.status()).toBe(200);
    expect(probe.counter.fetches).toBe(2);
  });
});

describe('a request with an unknown kid waits for the next fetch only when it starts within 1 s', () => {
  it('waits when the next fetch is 1 s away, and gets 401 unknown_key after that fetch', async () => {
    const probe = await setUp({ jwksCooldown: 1_000 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    expect(await probe.detail(await probe.madeUp('made-up'))).toBe(
      'No key in the key set matches the token "kid"',
    );
    expect(probe.counter.fetches).toBe(2);
  });

  it('waits for the fetch in flight after a failure instead of answering the old failure', async () => {
    const probe = await setUp({ jwksCacheMaxAge: 0, jwksCooldown: 0 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    probe.issuer.setOutage('error');
    expect(await fetchesAt(T0 + 1, probe)).toBe(2); // the refresh fails: next fetch at T0 + 1001
    probe.issuer.setOutage('none');
    await probe.issuer.rotateKeys();
    const rotated = await probe.issuer.mintApiToken(API);
    clock = T0 + 1_001; // the stale refresh starts; the new kid waits for it
    expect(await probe.status(rotated)).toBe(200);
    expect(probe.counter.fetches).toBe(3);
  });

  it('starts one refresh for concurrent requests on a stale key set, even with no cooldown', async () => {
    const probe = await setUp({ jwksCacheMaxAge: 0, jwksCooldown: 0 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    clock = T0 + 1;
    expect(await Promise.all([probe.status(), probe.status(), probe.status()])).toEqual([200, 200, 200]);
    await settle();
    expect(probe.counter.fetches).toBe(2);
  });

  it('is answered at once when the next fetch is further away, which still happens', async () => {
    const probe = await setUp({ jwksCooldown: 1_001 });
    expect(await fetchesAt(T0, probe)).toBe(1);
    expect(await probe.status(await probe.madeUp('made-up'))).toBe('401 unknown_key');
    expect(probe.counter.fetches).toBe(1);
    // The clock runs ahead of the queued fetch's timer: a request then fetches at once, and the queued
    // fetch, when its timer fires, does not fetch a second time.
    clock = T0 + 1_001;
    expect(await probe.status(await probe.madeUp('made-up-2'))).toBe('401 unknown_key');
    expect(probe.counter.fetches).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(probe.counter.fetches).toBe(2);
  });

  it('joins the fetch in flight: concurrent unknown kids past the cooldown cost one fetch', async () => {
    const probe = await setUp();
    expect(await fetchesAt(T0, probe)).toBe(1);
    clock = T0 + 1_000;
    const tokens = await Promise.all(['a', 'b', 'c'].map((kid) => probe.madeUp(kid)));
    expect(await Promise.all(tokens.map((value) => probe.status(value)))).toEqual([
      '401 unknown_key',
      '401 unknown_key',
      '401 unknown_key',
    ]);
    expect(probe.counter.fetches).toBe(2);
  });

  it('accepts a key published meanwhile once the fetch it waited for brings it', async () => {
    const probe = await setUp();
    expect(await fetchesAt(T0, probe)).toBe(1);
    await probe.issuer.rotateKeys();
    const rotated = await probe.issuer.mintApiToken(API);
    clock = T0 + 500;
    expect(await probe.status(rotated)).toBe(200);
    expect(probe.counter.fetches).toBe(2);
  });
});
