// `npm run bench` (full) or `npm run bench -- --quick` / BENCH_QUICK=1 (about 2 minutes).
// Micro → HTTP → memory; writes bench/results/{results.json,results.md,chart.svg} and prints the table.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { issuerWithPool, log, machine, settings } from './common.mjs';
import { gatewayFor } from './gateway.mjs';
import { httpFor } from './http.mjs';
import { cacheHitCost, microFor } from './micro.mjs';
import { markdown, svg, targets } from './report.mjs';

const started = performance.now();
const only = process.env.BENCH_ONLY?.split(','); // e.g. BENCH_ONLY=http,memory
const want = (part) => !only || only.includes(part);
const signaturePath = await import('../../packages/logto-guard/dist/core/signature/index.js')
  .then((m) => m.signaturePath)
  .catch(() => 'webcrypto (jose compactVerify)');

log(`logto-guard bench, ${settings.mode} mode, signature path ${signaturePath}`);
log(`minting token pools (${settings.pool} per alg)...`);
const sources = {};
for (const alg of ['ES384', 'RS256', 'ES256']) {
  const t = performance.now();
  sources[alg] = await issuerWithPool(alg, alg === 'ES256' ? Math.min(settings.pool, 11_000) : settings.pool);
  log(`  ${alg}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const report = {
  machine: machine(),
  settings,
  signaturePath,
  baseline: process.env.BENCH_BASELINE || undefined,
  micro: [],
  http: [],
  notes: [],
};

if (want('micro')) {
  log('micro...');
  for (const alg of ['ES384', 'ES256', 'RS256']) report.micro.push(...(await microFor(sources[alg])));
  report.cacheHit = await cacheHitCost(sources.ES384);
  log(`  cache hit: ${report.cacheHit.microsPerHit.toFixed(3)} µs`);
}

if (want('http')) {
  log('http...');
  for (const alg of ['ES384', 'RS256']) {
    const { results, notes } = await httpFor(sources[alg]);
    report.http.push(...results);
    report.notes.push(...notes);
  }
}
if (want('gateway')) {
  log('gateway...');
  report.gateway = await gatewayFor(sources.ES384);
}
for (const source of Object.values(sources)) await source.issuer.close();

if (want('memory')) {
  log(`memory (${settings.memoryTokens} tokens)...`);
  const script = fileURLToPath(new URL('./memory.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', script, String(settings.memoryTokens)],
    {
      maxBuffer: 1 << 24,
    },
  );
  const memory = JSON.parse(stdout.trim().split('\n').pop());
  const at = (n) => memory.samples.find((s) => s.tokens >= n) ?? memory.samples.at(-1);
  // RSS settles (allocator arenas) well after the cache is full: judge growth over the second half.
  const plateauFrom = at(Math.max(2 * memory.cacheBound, memory.tokens / 2));
  const last = memory.samples.at(-1);
  memory.growthMiB = last.rssMiB - plateauFrom.rssMiB;
  memory.peakRssMiB = Math.max(...memory.samples.map((s) => s.rssMiB));
  report.memory = memory;
  log(
    `  RSS ${plateauFrom.rssMiB.toFixed(1)} MiB at ${plateauFrom.tokens} → ${last.rssMiB.toFixed(1)} MiB at ${last.tokens}`,
  );
}

report.targets = targets(report);
report.seconds = (performance.now() - started) / 1000;
const dir = fileURLToPath(new URL('../results/', import.meta.url));
await mkdir(dir, { recursive: true });
const suffix = settings.mode === 'quick' ? '-quick' : '';
const md = markdown(report);
await writeFile(`${dir}results${suffix}.json`, `${JSON.stringify(report, null, 2)}\n`);
await writeFile(`${dir}results${suffix}.md`, `${md}\n`);
if (report.http.length) await writeFile(`${dir}chart${suffix}.svg`, svg(report));
console.log(md);
log(
  `done in ${report.seconds.toFixed(0)} s; results in bench/results/ (results${suffix}.json, results${suffix}.md, chart${suffix}.svg)`,
);
