// Thread-pool measurement: what a flood of forged ES384 tokens does to the rest of an app that shares
// libuv's pool (fs, dns.lookup, zlib). One process, like an app: 64 concurrent forged-token checks run in a
// loop while fs.readFile of a 4 KiB file and zlib.gzip of 4 KiB run one after the other; their latencies
// are sampled. Scenarios: no flood; flood with the check count on the pool unbounded (the code before the
// bound, `setMaxSignaturesInFlight(Infinity)`); flood with bounds 2, 3 (the default) and 1.
//   node bench/src/threadpool.mjs [seconds per scenario, default 4]     (after `npm run build`)
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createGuard, globalApi } from 'logto-guard';
import { createTestIssuer } from 'logto-guard/testing';
import { setMaxSignaturesInFlight } from '../../packages/logto-guard/dist/core/signature/node.js';
import { median } from './common.mjs';

const seconds = Number(process.argv[2] ?? 4);
const gzipAsync = promisify(gzip);
const AUD = 'https://api.bench.test';
const issuer = await createTestIssuer({ alg: 'ES384' });
const guard = createGuard({
  endpoint: issuer.endpoint,
  audience: AUD,
  fetch: issuer.fetch,
  tokenCache: false,
});
const policy = globalApi();
const valid = await issuer.mintApiToken(AUD);
if (!(await guard.check({ authorization: `Bearer ${valid}`, request: {} }, policy)).ok)
  throw new Error('no 200');
// Forged: the issuer's kid and a well-formed header and payload, a random 96-byte signature.
const [head, body] = valid.split('.');
const forged = Array.from(
  { length: 256 },
  () => `${head}.${body}.${Buffer.from(crypto.getRandomValues(new Uint8Array(96))).toString('base64url')}`,
);
const file = join(tmpdir(), `logto-guard-threadpool-${process.pid}.txt`);
await writeFile(file, 'x'.repeat(4096));
const payload = Buffer.alloc(4096, 'y');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function scenario(name, limit, flood) {
  if (limit !== undefined) setMaxSignaturesInFlight(limit);
  let running = true;
  let checks = 0;
  const wrong = [];
  const flooders = flood
    ? Array.from({ length: 64 }, async (_, k) => {
        for (let i = k; running; i += 64) {
          const outcome = await guard.check(
            { authorization: `Bearer ${forged[i % forged.length]}`, request: {} },
            policy,
          );
          if (outcome.ok || outcome.error.code !== 'invalid_signature') wrong.push(outcome);
          checks += 1;
        }
      })
    : [];
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the flood fill the pool
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const fsTimes = [];
  const gzipTimes = [];
  const started = performance.now();
  const checksAtStart = checks;
  while (performance.now() - started < seconds * 1000) {
    let t = performance.now();
    await readFile(file);
    fsTimes.push(performance.now() - t);
    t = performance.now();
    await gzipAsync(payload);
    gzipTimes.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  delay.disable();
  running = false;
  await Promise.all(flooders);
  if (wrong.length > 0)
    throw new Error(`${name}: ${wrong.length} forged checks not answered invalid_signature`);
  const result = {
    name,
    limit: limit ?? 'default',
    fsP50: median(fsTimes),
    fsP99: percentile(fsTimes, 99),
    gzipP50: median(gzipTimes),
    gzipP99: percentile(gzipTimes, 99),
    loopDelayP99: delay.percentile(99) / 1e6,
    forgedPerSecond: flood ? (checks - checksAtStart) / elapsed : 0,
    samples: fsTimes.length,
  };
  console.error(`  ${name}: fs.readFile p50 ${result.fsP50.toFixed(2)} ms`);
  return result;
}

console.error(
  `thread-pool bench, ${seconds} s per scenario, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
);
const results = [
  await scenario('no flood', undefined, false),
  await scenario('flood, unbounded (before)', Number.POSITIVE_INFINITY, true),
  await scenario('flood, bound 2', 2, true),
  await scenario('flood, bound 3 (default)', 3, true),
  await scenario('flood, bound 1', 1, true),
];
await issuer.close();
const f = (n) => n.toFixed(2);
console.log(
  '| Scenario | fs.readFile p50 ms | fs.readFile p99 ms | zlib.gzip p50 ms | zlib.gzip p99 ms | event-loop delay p99 ms | forged ES384 checks/s |',
);
console.log('| --- | --: | --: | --: | --: | --: | --: |');
for (const r of results) {
  console.log(
    `| ${r.name} | ${f(r.fsP50)} | ${f(r.fsP99)} | ${f(r.gzipP50)} | ${f(r.gzipP99)} | ${f(r.loopDelayP99)} | ${Math.round(r.forgedPerSecond).toLocaleString('en-US')} |`,
  );
}
