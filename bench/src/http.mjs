// HTTP benchmark: autocannon (in the orchestrator's process) against servers in child processes.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { AUDIENCE, log, median, settings } from './common.mjs';

const serverScript = fileURLToPath(new URL('./server.mjs', import.meta.url));

export const FRAMEWORKS = ['express', 'fastify', 'hono'];
export const PEER_NAME = {
  express: 'express-oauth2-jwt-bearer',
  fastify: '@fastify/jwt (static key)',
  hono: 'hono jwk() (static keys, typ at+jwt)',
};

export async function startServer(framework, target, alg, issuer) {
  const child = fork(serverScript, [framework, target, alg, issuer.issuer, issuer.jwksUri, AUDIENCE], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
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

/** Runs one load against `server`, returning requests/s, p99 and server CPU per request. */
async function load(server, seconds, requestFor) {
  const before = await server.stats();
  const result = await cannon(server.url, seconds, requestFor);
  const after = await server.stats();
  const served = after.requests - before.requests;
  return {
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
  const results = [];
  const notes = [];
  for (const framework of FRAMEWORKS) {
    const targets = settings.cacheOff
      ? ['none', 'guard', 'guard-nocache', 'peer']
      : ['none', 'guard', 'peer'];
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
    for (const [workload, nextFor, wanted, warm] of [
      ['reused', reusedFor, ['none', 'guard', 'peer'], true],
      ['fresh', freshFor, targets, settings.mode === 'full'],
    ]) {
      const runs = Object.fromEntries(wanted.map((t) => [t, []]));
      const nexts = Object.fromEntries(wanted.map((t) => [t, nextFor(servers[t])]));
      if (warm) for (const t of wanted) await load(servers[t], settings.warmupSeconds, nexts[t]); // not recorded
      for (let round = 0; round < settings.rounds; round++) {
        // rotate the order so no target always runs first or last
        const order = wanted.map((_, i) => wanted[(i + round) % wanted.length]);
        for (const t of order) {
          const r = await load(servers[t], settings.httpSeconds, nexts[t]);
          if (r.non2xx || r.errors)
            log(`  ! ${framework}/${t}/${alg}/${workload}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          runs[t].push(r);
        }
      }
      const summary = {};
      for (const t of wanted) {
        summary[t] = {
          rps: median(runs[t].map((r) => r.rps)),
          p99Ms: median(runs[t].map((r) => r.p99Ms)),
          cpuMicrosPerRequest: median(runs[t].map((r) => r.cpuMicrosPerRequest)),
          non2xx: runs[t].reduce((s, r) => s + r.non2xx, 0),
          errors: runs[t].reduce((s, r) => s + r.errors, 0),
          rounds: runs[t],
        };
      }
      // Ratios per round (same run), then the median of those ratios.
      const ratio = (a, b) => median(runs[a].map((r, i) => r.rps / runs[b][i].rps));
      const row = {
        framework,
        alg,
        workload,
        peer: PEER_NAME[framework],
        targets: summary,
        guardVsNone: ratio('guard', 'none'),
        guardVsPeer: ratio('guard', 'peer'),
        peerVsNone: ratio('peer', 'none'),
      };
      results.push(row);
      log(
        `  http ${framework} ${alg} ${workload}: none ${Math.round(summary.none.rps)}/s, guard ${Math.round(summary.guard.rps)}/s` +
          `${summary['guard-nocache'] ? `, guard(no cache) ${Math.round(summary['guard-nocache'].rps)}/s` : ''}, peer ${Math.round(summary.peer.rps)}/s` +
          ` | guard/none ${(row.guardVsNone * 100).toFixed(0)}%, guard/peer ${row.guardVsPeer.toFixed(2)}x`,
      );
    }
    for (const s of Object.values(servers)) s.stop();
  }
  return { results, notes };
}
