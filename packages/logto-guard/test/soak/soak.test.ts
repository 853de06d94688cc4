// Soak: mixed traffic through the six adapters over HTTP while the JWKS flaps between up, down (503) and
// hanging. Every answer must be the right one, memory must stay flat and no socket or timer may be left
// behind. `npm test` runs a few seconds (SOAK_SECONDS, default 4); `npm run soak` runs 60.
import { Agent, request as httpRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { createGuard } from '../../src/core/index.js';
import { createTestIssuer } from '../../src/testing/index.js';
import { API } from '../fuzz/arbitraries.js';
import { type RouteName, startAdapters, urlPath } from '../fuzz/servers.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 4);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 2 ** 20;

interface Sample {
  second: number;
  rss: number;
  heapUsed: number;
  timers: number;
  sockets: number;
}
const resources = () => {
  const info = process.getActiveResourcesInfo();
  return {
    timers: info.filter((name) => name === 'Timeout').length,
    sockets: info.filter((name) => name === 'TCPSocketWrap').length,
  };
};

it(
  `serves mixed traffic for ${seconds} s while the JWKS flaps, with flat memory and nothing left behind`,
  async () => {
    const before = resources();
    const issuer = await createTestIssuer({ listen: true });
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetchTimeout: 500,
      jwksCacheMaxAge: 2_000,
    });
    const servers = await startAdapters(guard);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const many = (n: number, mint: (i: number) => Promise<string>) =>
      Promise.all(Array.from({ length: n }, (_, i) => mint(i)));
    const valid = await many(300, (i) =>
      issuer.mintApiToken(API, { scopes: ['read:products'], subject: `user-${i}` }),
    );
    const expired = await many(20, () =>
      issuer.mintApiToken(API, { scopes: ['read:products'], expiresIn: -60 }),
    );
    const org = await many(100, () => issuer.mintOrganizationToken('org-1', { scopes: ['read:members'] }));
    const orgApi = await many(100, () =>
      issuer.mintOrganizationApiToken(API, 'org-1', { scopes: ['read:projects'] }),
    );
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T;
    const randomSignature = () =>
      Buffer.from(crypto.getRandomValues(new Uint8Array(96))).toString('base64url');
    const claims = b64({
      iss: issuer.issuer,
      sub: 'x',
      client_id: 'x',
      aud: API,
      exp: now + 3600,
      scope: 'read:products',
    });

    // What to send, and the answers allowed. A made-up kid needs the key set: 401 while the issuer is up, 503
    // while it is down or backing off. Known keys stay honoured through every outage.
    const kinds: {
      weight: number;
      make: () => { token: string; route: RouteName; org?: string; expect: number[] };
    }[] = [
      { weight: 30, make: () => ({ token: pick(valid), route: 'products', expect: [200] }) },
      { weight: 5, make: () => ({ token: pick(expired), route: 'products', expect: [401] }) },
      {
        weight: 10,
        make: () => ({
          token: `${pick(valid).split('.').slice(0, 2).join('.')}.${randomSignature()}`,
          route: 'products',
          expect: [401],
        }),
      },
      {
        weight: 10,
        make: () => ({
          token: `${b64({ alg: 'ES384', typ: 'at+jwt', kid: `made-up-${Math.random()}` })}.${claims}.${randomSignature()}`,
          route: 'products',
          expect: [401, 503],
        }),
      },
      { weight: 10, make: () => ({ token: pick(org), route: 'members', org: 'org-1', expect: [200] }) },
      { weight: 5, make: () => ({ token: pick(org), route: 'members', org: 'org-2', expect: [403] }) },
      { weight: 10, make: () => ({ token: pick(orgApi), route: 'projects', org: 'org-1', expect: [200] }) },
      { weight: 5, make: () => ({ token: pick(orgApi), route: 'products', expect: [403] }) },
      { weight: 5, make: () => ({ token: pick(valid), route: 'optional', expect: [200] }) },
    ];
    const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0);
    const nextRequest = () => {
      let roll = Math.random() * totalWeight;
      for (const kind of kinds) {
        roll -= kind.weight;
        if (roll < 0) return kind.make();
      }
      return (kinds[0] as (typeof kinds)[number]).make();
    };
    const counts = {
      requests: 0,
      wrong: 0,
      errors: 0,
      resent: 0,
      flaps: 0,
      statuses: {} as Record<number, number>,
    };
    // A GET on a reused keep-alive socket that the server closed at that very moment fails with
    // ECONNRESET before any answer (Node's documented race): such a request is sent again once, as browsers do.
    const send = (url: string, token: string, retry = true): Promise<number> =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          url,
          { agent, headers: { authorization: `Bearer ${token}` }, timeout: 10_000 },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (retry && req.reusedSocket && error.code === 'ECONNRESET') {
            counts.resent += 1;
            resolve(send(url, token, false));
          } else reject(error);
        });
        req.end();
      });

    const wrongExamples: string[] = [];
    const samples: Sample[] = [];
    const started = Date.now();
    const end = started + seconds * 1000;
    // Warm-up: the key set is loaded while the issuer is up.
    expect(await send(`${servers[0]?.url}${urlPath('products', 'org-1')}`, valid[0] as string)).toBe(200);
    const modes = ['error', 'none', 'hang', 'none'] as const;
    // Every 1.5 s; short runs flap faster so that each mode comes at least once.
    const flapEvery = Math.min(1_500, (seconds * 1000) / 6);
    const flapper = setInterval(() => {
      issuer.setOutage(modes[counts.flaps % modes.length] as (typeof modes)[number]);
      counts.flaps += 1;
    }, flapEvery);
    const sampler = setInterval(() => {
      gc();
      const memory = process.memoryUsage();
      samples.push({
        second: Math.round((Date.now() - started) / 1000),
        rss: memory.rss / MiB,
        heapUsed: memory.heapUsed / MiB,
        ...resources(),
      });
    }, 1_000);
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (Date.now() < end) {
          const server = servers[next++ % servers.length] as (typeof servers)[number];
          const request = nextRequest();
          try {
            const status = await send(
              `${server.url}${urlPath(request.route, request.org ?? 'org-1')}`,
              request.token,
            );
            counts.requests += 1;
            counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
            if (!request.expect.includes(status)) {
              counts.wrong += 1;
              if (wrongExamples.length < 5)
                wrongExamples.push(`${server.name} ${request.route}: ${status}, expected ${request.expect}`);
            }
          } catch (error) {
            counts.errors += 1;
            if (wrongExamples.length < 5) wrongExamples.push(`${server.name}: ${String(error)}`);
          }
        }
      }),
    );
    clearInterval(flapper);
    clearInterval(sampler);
    issuer.setOutage('none');
    agent.destroy();
    await Promise.all(servers.map((server) => server.close()));
    await issuer.close();
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // fetch timeouts (500 ms) and queued refreshes run out
    const after = resources();

    // Memory after the first third (warm caches) against the end: flat within the stated bound.
    const settled = samples.filter((sample) => sample.second > seconds / 3);
    const first = settled[0] ?? samples[0];
    const last = samples.at(-1);
    const peak = {
      rss: Math.max(...samples.map((s) => s.rss)),
      heapUsed: Math.max(...samples.map((s) => s.heapUsed)),
      timers: Math.max(...samples.map((s) => s.timers)),
      sockets: Math.max(...samples.map((s) => s.sockets)),
    };
    const summary = { seconds, ...counts, first, last, peak, before, after, wrongExamples };
    console.log(`soak report: ${JSON.stringify(summary, null, 2)}`);
    expect(wrongExamples).toEqual([]);
    expect(counts.requests).toBeGreaterThan(seconds * 10);
    expect(counts.flaps).toBeGreaterThanOrEqual(4); // 503, up, hanging, up at least once
    // Bounds: heap after GC within 16 MiB of its settled value, RSS within 64 MiB; timers and sockets bounded
    // by the concurrency (32 clients), never by the number of requests; none left after shutdown.
    if (first !== undefined && last !== undefined) {
      expect(last.heapUsed - first.heapUsed).toBeLessThan(16);
      expect(last.rss - first.rss).toBeLessThan(64);
    }
    expect(peak.timers).toBeLessThan(200);
    expect(peak.sockets).toBeLessThan(300);
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
    expect(after.timers).toBeLessThanOrEqual(before.timers + 1);
  },
  (seconds + 60) * 1000,
);
