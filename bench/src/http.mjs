// HTTP benchmark: autocannon (in the orchestrator's process) against servers in child processes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { baselineDist } from './baseline.mjs';
import { AUDIENCE, log, median, settings } from './common.mjs';

const serverScript = fileURLToPath(new URL('./server.mjs', import.meta.url));
const probeScript = fileURLToPath(new URL('./probe.mjs', import.meta.url));

/** The mixed workload: this many clients at a time, each sending 1–MIXED_MAX_USES requests with its token. */
export const MIXED_CLIENTS = 1000;
export const MIXED_MAX_USES = 40;

export const FRAMEWORKS = ['express', 'fastify', 'hono'].filter(
  (framework) => !process.env.BENCH_FRAMEWORKS || process.env.BENCH_FRAMEWORKS.split(',').includes(framework),
);
// BENCH_WORKLOADS=fresh (comma-separated: reused, fresh, mixed) measures those workloads only, for a
// focused before/after of a few rows; the report then leaves the other rows and targets out.
const WORKLOADS = process.env.BENCH_WORKLOADS?.split(',');
export const PEER_NAME = {
  express: 'express-oauth2-jwt-bearer',
  fastify: '@fastify/jwt (static key)',
  hono: 'hono jwk() (static keys, typ at+jwt)',
};

export async function startServer(framework, target, alg, issuer) {
  const child = fork(serverScript, [framework, target, alg, issuer.issuer, issuer.jwksUri, AUDIENCE], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_BASELINE_DIST: baselineDist() ?? '' },
  });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${framework}/${target} exited with ${code}`)));
    child.on('message', (m) => m.type === 'ready' && resolve(m.port));
  });
  let nextId = 0;
  const stats = () =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (m) => {
        if (m.type === 'stats' && m.id === id) {
          child.off('message', onMessage);
          resolve(m);
        }
      };
      child.on('message', onMessage);
      child.send({ type: 'stats', id });
    });
  return {
    framework,
    target,
    alg,
    port,
    pid: child.pid,
    url: `http://127.0.0.1:${port}/api`,
    stats,
    stop: () => child.kill(),
  };
}

/** One probe request: status code for `token`. */
async function probe(server, token) {
  const res = await fetch(server.url, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

/** autocannon for `seconds` on `url`; `requestFor()` gives each request's token (null: none). */
export function cannon(url, seconds, requestFor, extraHeaders = {}) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: settings.connections,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => {
              const token = requestFor();
              const authorization = token === null ? {} : { authorization: `Bearer ${token}` };
              return { ...req, headers: { ...extraHeaders, ...authorization } };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Starts the cache-hit latency probe (`probe.mjs`) against `server`; `stop()` gives its figures. */
function startProbe(server, token) {
  const worker = new Worker(probeScript, { workerData: { url: server.url, token, pauseMs: 5 } });
  const result = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      worker.postMessage('stop');
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

/**
 * Runs one load against `server`, returning requests/s, p99 and server CPU per request; with `probeToken`
 * also the latency of cache-hit requests sent beside the load (see `probe.mjs`).
 */
async function load(server, seconds, requestFor, probeToken) {
  const before = await server.stats();
  const probe = probeToken === undefined ? undefined : startProbe(server, probeToken);
  const result = await cannon(server.url, seconds, requestFor);
  const probed = await probe?.stop();
  const after = await server.stats();
  const served = after.requests - before.requests;
  const checks =
    after.checks && before.checks
      ? { inline: after.checks.inline - before.checks.inline, pool: after.checks.pool - before.checks.pool }
      : undefined;
  return {
    checks,
    probeP50Ms: probed?.p50Ms,
    probeP99Ms: probed?.p99Ms,
    probeRequests: probed?.n,
    rps: result['2xx'] / (result.duration || seconds),
    p99Ms: result.latency.p99,
    cpuMicrosPerRequest: served > 0 ? (after.cpuMicros - before.cpuMicros) / served : Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requests: served,
    rssMiB: after.rss / 2 ** 20,
  };
}

/**
 * All HTTP measurements for one signing alg. `source` has { alg, issuer, pool }; the token counter runs on
 * across every run so a server never sees a pool token again before the whole pool has gone by.
 */
export async function httpFor(source) {
  const { alg, issuer, pool } = source;
  // One cursor per server: a server sees the pool in order, so a token comes back only after
  // pool.length (> the guard's 10 000-entry LRU cache) others: every request misses the cache.
  const cursors = new Map();
  const freshFor = (server) => {
    if (!cursors.has(server)) cursors.set(server, 1 + cursors.size * 997);
    return () => {
      const i = cursors.get(server);
      cursors.set(server, i + 1);
      return pool[i % pool.length];
    };
  };
  const reusedFor = () => () => pool[0];
  // Many clients, each reusing its token for a while, new ones arriving: a seeded draw picks the client
  // of each request; a client that has used up its requests leaves, and a new one with a token of the pool
  // takes its place. About 1 request in 20 carries a token the server has never seen.
  const mixedFor = (server) => {
    const next = freshFor(server);
    let seed = 0x2545f491 ^ cursors.size;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const tokens = Array.from({ length: MIXED_CLIENTS }, () => next());
    const left = Array.from({ length: MIXED_CLIENTS }, () => 1 + Math.floor(random() * MIXED_MAX_USES));
    return () => {
      const c = Math.floor(random() * MIXED_CLIENTS);
      if (left[c] === 0) {
        tokens[c] = next();
        left[c] = 1 + Math.floor(random() * MIXED_MAX_USES);
      }
      left[c] -= 1;
      return tokens[c];
    };
  };
  // The probe's token: reused throughout, so a cache hit on every guard after its second request.
  const probeToken = pool[pool.length >> 1];
  const results = [];
  const notes = [];
  const before = baselineDist() === undefined ? [] : ['guard-before'];
  for (const framework of FRAMEWORKS) {
    const targets = settings.cacheOff
      ? ['none', 'guard', ...before, 'guard-nocache', 'peer']
      : ['none', 'guard', ...before, 'peer'];
    const servers = {};
    await Promise.all(
      targets.map(async (target) => {
        servers[target] = await startServer(framework, target, alg, issuer);
      }),
    );
    // Sanity: every protected server accepts a valid token and rejects a missing one.
    for (const target of targets) {
      const ok = await probe(servers[target], pool[1]);
      if (ok !== 200) throw new Error(`${framework}/${target}/${alg}: valid token got ${ok}`);
      if (target !== 'none') {
        const res = await fetch(servers[target].url);
        if (res.status !== 401) throw new Error(`${framework}/${target}: no token got ${res.status}`);
      }
    }
    if (framework === 'hono') {
      const hdefault = await startServer('hono', 'peer-default', alg, issuer);
      const status = await probe(hdefault, pool[1]);
      hdefault.stop();
      notes.push({
        framework,
        alg,
        note: `hono jwk() with default options answers ${status} to a valid Logto token (typ "at+jwt"); with verification.typ "at+jwt" it answers 200`,
        defaultStatus: status,
      });
    }
    const main = ['none', 'guard', ...before, 'peer'];
    for (const [workload, nextFor, wanted, warm, probed] of [
      // Warm-up runs (not recorded) in full mode only: quick mode stays under 3 minutes.
      ['reused', reusedFor, main, settings.mode === 'full', false],
      ['fresh', freshFor, targets, settings.mode === 'full', true],
      ['mixed', mixedFor, main, settings.mode === 'full', true],
    ].filter(([workload]) => !WORKLOADS || WORKLOADS.includes(workload))) {
      const runs = Object.fromEntries(wanted.map((t) => [t, []]));
      const nexts = Object.fromEntries(wanted.map((t) => [t, nextFor(servers[t])]));
      if (warm) for (const t of wanted) await load(servers[t], settings.warmupSeconds, nexts[t]); // not recorded
      for (let round = 0; round < settings.rounds; round++) {
        // rotate the order so no target always runs first or last
        const order = wanted.map((_, i) => wanted[(i + round) % wanted.length]);
        for (const t of order) {
          const r = await load(servers[t], settings.httpSeconds, nexts[t], probed ? probeToken : undefined);
          if (r.non2xx || r.errors)
            log(`  ! ${framework}/${t}/${alg}/${workload}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          runs[t].push(r);
        }
      }
      const summary = {};
      for (const t of wanted) {
        const rps = runs[t].map((r) => r.rps);
        summary[t] = {
          rps: median(rps),
          rpsMin: Math.min(...rps),
          rpsMax: Math.max(...rps),
          p99Ms: median(runs[t].map((r) => r.p99Ms)),
          cpuMicrosPerRequest: median(runs[t].map((r) => r.cpuMicrosPerRequest)),
          cpuMin: Math.min(...runs[t].map((r) => r.cpuMicrosPerRequest)),
          cpuMax: Math.max(...runs[t].map((r) => r.cpuMicrosPerRequest)),
          probeP99Ms: probed ? median(runs[t].map((r) => r.probeP99Ms)) : undefined,
          probeP50Ms: probed ? median(runs[t].map((r) => r.probeP50Ms)) : undefined,
          checks: runs[t][0]?.checks
            ? {
                inline: runs[t].reduce((s, r) => s + r.checks.inline, 0),
                pool: runs[t].reduce((s, r) => s + r.checks.pool, 0),
              }
            : undefined,
          non2xx: runs[t].reduce((s, r) => s + r.non2xx, 0),
          errors: runs[t].reduce((s, r) => s + r.errors, 0),
          rounds: runs[t],
        };
      }
      // Ratios per round (same run), then the median of those ratios.
      const ratios = (a, b) => runs[a].map((r, i) => r.rps / runs[b][i].rps);
      const ratio = (a, b) => median(ratios(a, b));
      const spread = (a, b) => {
        const list = ratios(a, b);
        return { min: Math.min(...list), max: Math.max(...list) };
      };
      const row = {
        framework,
        alg,
        workload,
        peer: PEER_NAME[framework],
        targets: summary,
        guardVsNone: ratio('guard', 'none'),
        guardVsPeer: ratio('guard', 'peer'),
        guardVsPeerSpread: spread('guard', 'peer'),
        peerVsNone: ratio('peer', 'none'),
        ...(runs['guard-before']
          ? {
              beforeVsPeer: ratio('guard-before', 'peer'),
              beforeVsPeerSpread: spread('guard-before', 'peer'),
              guardVsBefore: ratio('guard', 'guard-before'),
            }
          : {}),
      };
      results.push(row);
      log(
        `  http ${framework} ${alg} ${workload}: none ${Math.round(summary.none.rps)}/s, guard ${Math.round(summary.guard.rps)}/s` +
          `${summary['guard-before'] ? `, before ${Math.round(summary['guard-before'].rps)}/s` : ''}` +
          `${summary['guard-nocache'] ? `, guard(no cache) ${Math.round(summary['guard-nocache'].rps)}/s` : ''}, peer ${Math.round(summary.peer.rps)}/s` +
          ` | guard/none ${(row.guardVsNone * 100).toFixed(0)}%, guard/peer ${row.guardVsPeer.toFixed(2)}x` +
          `${row.beforeVsPeer ? ` (before ${row.beforeVsPeer.toFixed(2)}x)` : ''}` +
          ` | CPU µs/req guard ${summary.guard.cpuMicrosPerRequest.toFixed(0)}${summary['guard-before'] ? ` before ${summary['guard-before'].cpuMicrosPerRequest.toFixed(0)}` : ''} peer ${summary.peer.cpuMicrosPerRequest.toFixed(0)}` +
          `${probed ? ` | cache-hit p99 ms guard ${summary.guard.probeP99Ms?.toFixed(1)}${summary['guard-before'] ? ` before ${summary['guard-before'].probeP99Ms?.toFixed(1)}` : ''} peer ${summary.peer.probeP99Ms?.toFixed(1)}` : ''}`,
      );
    }
    for (const s of Object.values(servers)) s.stop();
  }
  return { results, notes };
}
