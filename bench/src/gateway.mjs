// Gateway rows: decisions/s of the forward-auth endpoint (one reused token, a new token per request)
// against a bare Fastify route answering 200 and against a Fastify route calling `guard.check` directly
// (so the core's share and the gateway's own are both visible), and nginx → FastAPI with the gateway
// against nginx → FastAPI without auth. Same machine, same run, alternating order; ratios per round, then
// the median and the range. Server CPU per request from /proc for each target.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIENCE, log, median, SCOPES, settings } from './common.mjs';
import { cannon } from './http.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const baselineScript = fileURLToPath(new URL('./gateway-servers.mjs', import.meta.url));
// More rounds than the other HTTP rows: the ratio of interest is close to 1, and the machine is shared.
const ROUNDS = settings.mode === 'full' ? 5 : 2;

/** A baseline of gateway-servers.mjs (`bare` or `check`) in its own process, answering GET /auth. */
async function startBaseline(mode, issuer) {
  const child = fork(baselineScript, [mode, issuer.issuer, issuer.jwksUri, AUDIENCE, SCOPES[0]], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`gateway-servers ${mode} exited with ${code}`)));
    child.on('message', (m) => m.type === 'ready' && resolve(m.port));
  });
  return { url: `http://127.0.0.1:${port}/auth`, pid: child.pid, child };
}
const gatewayBin = join(root, 'packages/gateway/dist/bin.js');
const example = join(root, 'examples/gateway');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} never answered`);
}

async function startGateway(dir, source) {
  const port = await freePort();
  const file = join(dir, 'gateway.yaml');
  writeFileSync(file, rulesFile(source.issuer, port));
  const child = spawn(process.execPath, [gatewayBin, '--config', file], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/_gateway/healthz`, child);
  return { url, port, child };
}

async function startFastApi() {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/python3',
    [
      '-m',
      'uvicorn',
      'app:app',
      '--app-dir',
      join(example, 'fastapi'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--no-access-log',
      '--log-level',
      'warning',
    ],
    { stdio: 'ignore' },
  );
  await waitFor(`http://127.0.0.1:${port}/openapi.json`, child);
  return { port, child };
}

// nginx with the shipped config (addresses swapped), or a plain proxy without auth.
async function startNginx(dir, name, gatewayPort, backendPort) {
  const port = await freePort();
  const site = gatewayPort
    ? readFileSync(join(example, 'nginx/logto-guard.conf'), 'utf8')
        .replace('server 127.0.0.1:8080', `server 127.0.0.1:${gatewayPort}`)
        .replace('server 127.0.0.1:8000;', `server 127.0.0.1:${backendPort};`)
        .replace('listen 80;', `listen 127.0.0.1:${port};`)
    : `upstream api_backend { server 127.0.0.1:${backendPort}; keepalive 16; }
server { listen 127.0.0.1:${port}; location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://api_backend; } }`;
  const prefix = join(dir, name);
  spawnSync('mkdir', ['-p', prefix]);
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `${user}daemon off;\nworker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log warn;\n` +
      `events { worker_connections 1024; }\nhttp { access_log off; client_body_temp_path ${prefix}/cb; proxy_temp_path ${prefix}/p;\n` +
      `fastcgi_temp_path ${prefix}/f; uwsgi_temp_path ${prefix}/u; scgi_temp_path ${prefix}/s;\n${site}\n}\n`,
  );
  const child = spawn(
    '/usr/sbin/nginx',
    ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`, child);
  return { url, child };
}

// CPU time of a child process in µs, from /proc (Linux): robust to other load on the machine, unlike req/s.
const TICK_MICROS =
  1e6 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
function cpuMicrosOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
  } catch {
    return Number.NaN;
  }
}

const spread = (values) => {
  const finite = values.filter((v) => Number.isFinite(v));
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
};

async function rounds(targets) {
  const names = Object.keys(targets);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await targets[name].run(settings.warmupSeconds); // not recorded
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const { run, pid } = targets[name];
      const cpuBefore = cpuMicrosOf(pid);
      const result = await run(settings.httpSeconds);
      runs[name].push({
        rps: result['2xx'] / (result.duration || settings.httpSeconds),
        p99Ms: result.latency.p99,
        cpuMicrosPerRequest: (cpuMicrosOf(pid) - cpuBefore) / Math.max(1, result['2xx']),
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    }
  }
  const summary = {};
  for (const name of names) {
    const of = (key) => median(runs[name].map((r) => r[key]));
    summary[name] = {
      rps: of('rps'),
      rpsRange: spread(runs[name].map((r) => r.rps)),
      p99Ms: of('p99Ms'),
      cpuMicrosPerRequest: of('cpuMicrosPerRequest'),
      cpuRange: spread(runs[name].map((r) => r.cpuMicrosPerRequest)),
      non2xx: runs[name].reduce((sum, r) => sum + r.non2xx, 0),
      errors: runs[name].reduce((sum, r) => sum + r.errors, 0),
    };
  }
  // Per round (the targets of one round ran back to back), then the median and range over the rounds.
  const ratio = (a, b) => spread(runs[a].map((r, i) => r.rps / runs[b][i].rps));
  const cpuRatio = (a, b) =>
    spread(runs[a].map((r, i) => runs[b][i].cpuMicrosPerRequest / r.cpuMicrosPerRequest));
  const cpuDelta = (a, b) =>
    spread(runs[a].map((r, i) => r.cpuMicrosPerRequest - runs[b][i].cpuMicrosPerRequest));
  return { summary, ratio, cpuRatio, cpuDelta };
}

/**
 * The decision path in-process, without HTTP: `guard.check` alone, and the gateway's decision around
 * it (path checks, rule match, metrics, identity headers), CPU µs per call with one reused token.
 */
async function inProcess(source) {
  const { createGuard, globalApi } = await import('logto-guard');
  const { parseGatewayConfig } = await import(join(root, 'packages/gateway/dist/config/load-config.js'));
  const { createDecider } = await import(join(root, 'packages/gateway/dist/decider.js'));
  const { createContext } = await import(join(root, 'packages/gateway/dist/context.js'));
  const { createMetrics } = await import(join(root, 'packages/gateway/dist/metrics.js'));
  const { pino } = await import('pino');
  const { issuer, pool } = source;
  const guard = createGuard({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: AUDIENCE });
  const policy = globalApi({ scopes: [SCOPES[0]] });
  const config = parseGatewayConfig(rulesFile(issuer, 0), 'bench.yaml', {});
  const logger = pino({ enabled: false });
  const metrics = createMetrics(() => []);
  const decider = createDecider(config, { file: 'bench.yaml', metrics, logger });
  const context = createContext(
    metrics,
    () => decider,
    () => false,
  );
  const headers = { authorization: `Bearer ${pool[0]}` };
  const input = { method: 'GET', url: '/api/protected', headers };
  const request = { headers };
  const loops = settings.mode === 'full' ? 200_000 : 50_000;
  async function cpuPerCall(fn) {
    for (let i = 0; i < loops / 10; i++) await fn();
    const before = process.cpuUsage();
    for (let i = 0; i < loops; i++) await fn();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / loops;
  }
  const check = [];
  const gateway = [];
  for (let round = 0; round < ROUNDS; round++) {
    check.push(
      await cpuPerCall(() => guard.check({ authorization: headers.authorization, request }, policy)),
    );
    gateway.push(
      await cpuPerCall(() =>
        context.check(input, decider).then((decision) => decider.identity(decision.auth)),
      ),
    );
  }
  return {
    guardCheckMicros: spread(check),
    gatewayDecisionMicros: spread(gateway),
    gatewayOwnMicros: spread(gateway.map((g, i) => g - check[i])),
  };
}

function rulesFile(issuer, port) {
  return (
    `guard:\n  issuer: ${issuer.issuer}\n  jwksUri: ${issuer.jwksUri}\n  audience: ${AUDIENCE}\n` +
    `listen:\n  port: ${port}\nrules:\n  - methods: [GET]\n    path: /api/protected\n` +
    `    policy: { model: global-api, scopes: [${SCOPES[0]}] }\n`
  );
}

const fmt = ({ median: m, min, max }, digits = 2) =>
  `${m.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;

/** The gateway rows for one token source `{ alg, issuer, pool }`. */
export async function gatewayFor(source) {
  const { pool } = source;
  const dir = mkdtempSync(join(tmpdir(), 'logto-guard-bench-gateway-'));
  const children = [];
  const report = { alg: source.alg };
  try {
    const gateway = await startGateway(dir, source);
    children.push(gateway.child);
    const bare = await startBaseline('bare', source.issuer);
    children.push(bare.child);
    const check = await startBaseline('check', source.issuer);
    children.push(check.child);
    const decision = `${gateway.url}/auth`;
    const original = { 'x-original-method': 'GET', 'x-original-uri': '/api/protected' };
    let cursor = 1;
    const fresh = () => pool[cursor++ % pool.length];
    for (const url of [decision, check.url]) {
      const probe = await fetch(url, { headers: { ...original, authorization: `Bearer ${pool[0]}` } });
      if (probe.status !== 200) throw new Error(`${url} answered ${probe.status} to a valid token`);
    }
    const forwardAuth = await rounds({
      // The bare route gets the very request the decision endpoint gets (token included, never read):
      // the ratio is then the price of the decision alone, not of a smaller request.
      bare: { pid: bare.pid, run: (seconds) => cannon(bare.url, seconds, () => pool[0], original) },
      check: { pid: check.pid, run: (seconds) => cannon(check.url, seconds, () => pool[0], original) },
      reused: {
        pid: gateway.child.pid,
        run: (seconds) => cannon(decision, seconds, () => pool[0], original),
      },
      fresh: { pid: gateway.child.pid, run: (seconds) => cannon(decision, seconds, fresh, original) },
    });
    const cpu = (name) => forwardAuth.summary[name].cpuMicrosPerRequest;
    report.forwardAuth = {
      rounds: ROUNDS,
      targets: forwardAuth.summary,
      // Server CPU per request, bare / gateway: the throughput ratio the machine would give with no other load.
      reusedCpuVsBare: forwardAuth.cpuRatio('reused', 'bare').median,
      reusedCpuVsBareRange: forwardAuth.cpuRatio('reused', 'bare'),
      reusedVsBare: forwardAuth.ratio('reused', 'bare').median,
      reusedVsBareRange: forwardAuth.ratio('reused', 'bare'),
      freshVsBare: forwardAuth.ratio('fresh', 'bare').median,
      freshVsBareRange: forwardAuth.ratio('fresh', 'bare'),
      // Each side's share: bare → guard.check route (the core), guard.check route → gateway (the gateway).
      checkVsBare: forwardAuth.ratio('check', 'bare'),
      reusedVsCheck: forwardAuth.ratio('reused', 'check'),
      coreCpuMicros: forwardAuth.cpuDelta('check', 'bare'),
      gatewayCpuMicros: forwardAuth.cpuDelta('reused', 'check'),
    };
    const f = report.forwardAuth;
    log(
      `  gateway forward-auth ${source.alg} (${ROUNDS} rounds; median (min–max)): bare Fastify ${Math.round(forwardAuth.summary.bare.rps)}/s, ` +
        `guard.check route ${Math.round(forwardAuth.summary.check.rps)}/s, reused token ${Math.round(forwardAuth.summary.reused.rps)}/s, new token ${Math.round(forwardAuth.summary.fresh.rps)}/s`,
    );
    log(
      `    reused / bare ${fmt(f.reusedVsBareRange)}, guard.check route / bare ${fmt(f.checkVsBare)}, reused / guard.check route ${fmt(f.reusedVsCheck)}, new / bare ${fmt(f.freshVsBareRange)}`,
    );
    log(
      `    CPU/request µs: bare ${cpu('bare').toFixed(1)}, guard.check route ${cpu('check').toFixed(1)}, gateway ${cpu('reused').toFixed(1)}; ` +
        `core share ${fmt(f.coreCpuMicros, 1)}, gateway's own ${fmt(f.gatewayCpuMicros, 1)}; CPU bare / gateway ${fmt(f.reusedCpuVsBareRange)}`,
    );
    report.inProcess = await inProcess(source);
    log(
      `    in-process CPU µs per decision: guard.check ${fmt(report.inProcess.guardCheckMicros)}, gateway decision ${fmt(report.inProcess.gatewayDecisionMicros)} (own ${fmt(report.inProcess.gatewayOwnMicros)})`,
    );

    const python = spawnSync('/usr/bin/python3', ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' });
    if (!existsSync('/usr/sbin/nginx') || python.status !== 0) {
      report.nginxNote =
        'nginx → FastAPI rows skipped: apt-get install -y nginx python3-fastapi python3-uvicorn';
      log(`  ${report.nginxNote}`);
      return report;
    }
    const fastapi = await startFastApi();
    children.push(fastapi.child);
    const withGateway = await startNginx(dir, 'with-gateway', gateway.port, fastapi.port);
    children.push(withGateway.child);
    const withoutAuth = await startNginx(dir, 'without-auth', undefined, fastapi.port);
    children.push(withoutAuth.child);
    const nginx = await rounds({
      none: {
        pid: withoutAuth.child.pid,
        run: (seconds) => cannon(`${withoutAuth.url}/api/protected`, seconds, () => null),
      },
      gateway: {
        pid: gateway.child.pid,
        run: (seconds) => cannon(`${withGateway.url}/api/protected`, seconds, () => pool[0]),
      },
    });
    const gatewayVsNone = nginx.ratio('gateway', 'none');
    report.nginx = {
      targets: nginx.summary,
      gatewayVsNone: gatewayVsNone.median,
      gatewayVsNoneRange: gatewayVsNone,
    };
    log(
      `  nginx → FastAPI ${source.alg}: without auth ${Math.round(nginx.summary.none.rps)}/s, with the gateway ${Math.round(nginx.summary.gateway.rps)}/s (ratio ${fmt(gatewayVsNone)})`,
    );
    return report;
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
