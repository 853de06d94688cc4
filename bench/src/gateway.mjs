// Gateway rows: decisions/s of the forward-auth endpoint (one reused token, a new token per request)
// against a bare Fastify route answering 200, and nginx → FastAPI with the gateway against nginx →
// FastAPI without auth. Same machine, same run; ratios per round, then the median.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIENCE, log, median, SCOPES, settings } from './common.mjs';
import { cannon, startServer } from './http.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
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
  writeFileSync(
    file,
    `guard:\n  issuer: ${source.issuer.issuer}\n  jwksUri: ${source.issuer.jwksUri}\n  audience: ${AUDIENCE}\n` +
      `listen:\n  port: ${port}\nrules:\n  - methods: [GET]\n    path: /api/protected\n` +
      `    policy: { model: global-api, scopes: [${SCOPES[0]}] }\n`,
  );
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

async function rounds(targets) {
  const names = Object.keys(targets);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await targets[name].run(settings.warmupSeconds); // not recorded
  for (let round = 0; round < settings.rounds; round++) {
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
      p99Ms: of('p99Ms'),
      cpuMicrosPerRequest: of('cpuMicrosPerRequest'),
      non2xx: runs[name].reduce((sum, r) => sum + r.non2xx, 0),
      errors: runs[name].reduce((sum, r) => sum + r.errors, 0),
    };
  }
  const ratio = (a, b) => median(runs[a].map((r, i) => r.rps / runs[b][i].rps));
  return { summary, ratio };
}

/** The gateway rows for one token source `{ alg, issuer, pool }`. */
export async function gatewayFor(source) {
  const { pool } = source;
  const dir = mkdtempSync(join(tmpdir(), 'logto-guard-bench-gateway-'));
  const children = [];
  const report = { alg: source.alg };
  try {
    const gateway = await startGateway(dir, source);
    children.push(gateway.child);
    const bare = await startServer('fastify', 'none', source.alg, source.issuer);
    children.push({ kill: bare.stop });
    const decision = `${gateway.url}/auth`;
    const original = { 'x-original-method': 'GET', 'x-original-uri': '/api/protected' };
    let cursor = 1;
    const fresh = () => pool[cursor++ % pool.length];
    const check = await fetch(decision, { headers: { ...original, authorization: `Bearer ${pool[0]}` } });
    if (check.status !== 200) throw new Error(`gateway answered ${check.status} to a valid token`);
    const forwardAuth = await rounds({
      bare: { pid: bare.pid, run: (seconds) => cannon(bare.url, seconds, () => null) },
      reused: {
        pid: gateway.child.pid,
        run: (seconds) => cannon(decision, seconds, () => pool[0], original),
      },
      fresh: { pid: gateway.child.pid, run: (seconds) => cannon(decision, seconds, fresh, original) },
    });
    const cpu = (name) => forwardAuth.summary[name].cpuMicrosPerRequest;
    report.forwardAuth = {
      targets: forwardAuth.summary,
      // Server CPU per request, bare / gateway: the throughput ratio the machine would give with no other load.
      reusedCpuVsBare: cpu('bare') / cpu('reused'),
      reusedVsBare: forwardAuth.ratio('reused', 'bare'),
      freshVsBare: forwardAuth.ratio('fresh', 'bare'),
    };
    log(
      `  gateway forward-auth ${source.alg}: bare Fastify ${Math.round(forwardAuth.summary.bare.rps)}/s, reused token ${Math.round(forwardAuth.summary.reused.rps)}/s (${(report.forwardAuth.reusedVsBare * 100).toFixed(0)}%; CPU/request ${Math.round(cpu('reused'))} µs vs ${Math.round(cpu('bare'))} µs bare = ${(report.forwardAuth.reusedCpuVsBare * 100).toFixed(0)}%), new token ${Math.round(forwardAuth.summary.fresh.rps)}/s (${(report.forwardAuth.freshVsBare * 100).toFixed(0)}%)`,
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
    report.nginx = { targets: nginx.summary, gatewayVsNone: nginx.ratio('gateway', 'none') };
    log(
      `  nginx → FastAPI ${source.alg}: without auth ${Math.round(nginx.summary.none.rps)}/s, with the gateway ${Math.round(nginx.summary.gateway.rps)}/s (${(report.nginx.gatewayVsNone * 100).toFixed(0)}%)`,
    );
    return report;
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
