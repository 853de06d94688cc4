// Where the time goes: CPU profile (node --cpu-prof) of one server under the new-token workload.
// Usage: node src/profile.mjs [framework=express] [target=guard] [alg=RS256] [seconds=6]
// Prints the top functions by self time; the .cpuprofile lands in bench/results/profiles/.
import { fork } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { AUDIENCE, issuerWithPool } from './common.mjs';

const [framework = 'express', target = 'guard', alg = 'RS256', seconds = '6'] = process.argv.slice(2);
const dir = fileURLToPath(new URL(`../results/profiles/${framework}-${target}-${alg}/`, import.meta.url));
await mkdir(dir, { recursive: true });
const { issuer, pool } = await issuerWithPool(alg, 12_000);
const child = fork(
  fileURLToPath(new URL('./server.mjs', import.meta.url)),
  [framework, target, alg, issuer.issuer, issuer.jwksUri, AUDIENCE],
  {
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  },
);
const port = await new Promise((resolve) =>
  child.on('message', (m) => m.type === 'ready' && resolve(m.port)),
);
let i = 0;
await autocannon({
  url: `http://127.0.0.1:${port}/api`,
  connections: 16,
  duration: Number(seconds),
  requests: [
    {
      method: 'GET',
      setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${pool[i++ % pool.length]}` } }),
    },
  ],
});
child.disconnect();
await new Promise((resolve) => child.on('exit', resolve));
await issuer.close();
const file = (await readdir(dir))
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()
  .pop();
const profile = JSON.parse(await readFile(dir + file, 'utf8'));
const self = new Map();
const dt = new Map();
for (let k = 0; k < profile.samples.length; k++)
  dt.set(profile.samples[k], (dt.get(profile.samples[k]) ?? 0) + (profile.timeDeltas[k] ?? 0));
let total = 0;
for (const node of profile.nodes) {
  const t = dt.get(node.id) ?? 0;
  total += t;
  const cf = node.callFrame;
  const url = cf.url.replace(/^.*node_modules\//, '').replace(/^.*packages\/logto-guard\//, 'logto-guard/');
  const key = `${cf.functionName || '(anonymous)'} ${url}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + t);
}
const busy = total - (self.get('(idle) :0') ?? 0);
console.log(
  `${framework}/${target}/${alg}: main-thread profile ${file}, busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms`,
);
for (const [k, t] of [...self]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 25)) {
  console.log(`${((100 * t) / busy).toFixed(1).padStart(5)}%  ${k}`);
}
