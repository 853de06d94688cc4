/**
 * Real processes for the end-to-end tests: nginx (non-daemon, its own prefix, pid and error log in a temp
 * dir), uvicorn serving the FastAPI app, gateway replicas (the package's bin). Every one is killed at the
 * end; ports are free ones picked at run time.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const gatewayBin = fileURLToPath(new URL('../../../packages/gateway/dist/bin.js', import.meta.url));
const NGINX = '/usr/sbin/nginx';
const PYTHON = '/usr/bin/python3';

/** What is missing to run the end-to-end tests, or undefined when all is there. */
export function missingPackages(): string | undefined {
  const missing: string[] = [];
  if (!existsSync(NGINX)) missing.push('nginx');
  const python = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' });
  if (python.status !== 0) missing.push('python3-fastapi python3-uvicorn');
  if (!existsSync(gatewayBin)) return 'the built gateway (run npm run build)';
  return missing.length === 0 ? undefined : missing.join(' ');
}

import { freePort } from '../../demo-api/test/helpers.js';

export { freePort };

/** A child process with its output kept for failure messages. */
export class Child {
  readonly process: ChildProcess;
  output = '';
  exited: Promise<number | null>;

  constructor(command: string, args: string[], env: Record<string, string | undefined> = {}) {
    this.process = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stdout?.on('data', (chunk) => {
      this.output += chunk;
    });
    this.process.stderr?.on('data', (chunk) => {
      this.output += chunk;
    });
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill(signal);
    return this.exited;
  }

  /**
   * Ends the process for good: SIGTERM, then SIGKILL if it has not exited within 5 s. Not SIGKILL at once:
   * nginx's master stops its workers only when it is asked (a killed master leaves them running).
   */
  async terminate(): Promise<void> {
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
    await this.stop('SIGTERM');
    clearTimeout(timer);
  }
}

/** Polls `url` until it answers `status` (default 200); fails with the child's output otherwise. */
export async function waitFor(url: string, child: Child, status = 200): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`process exited early:\n${child.output}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === status) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer ${status}:\n${child.output}`);
}

/** uvicorn serving examples/gateway/fastapi/app.py. */
export async function startFastApi(): Promise<{ url: string; child: Child }> {
  const port = await freePort();
  const child = new Child(PYTHON, [
    '-m',
    'uvicorn',
    'app:app',
    '--app-dir',
    join(exampleDir, 'fastapi'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--no-access-log',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/openapi.json`, child);
  return { url, child };
}

/** One gateway replica, run as users run it: the bin, the example rules file, the environment. */
export async function startGateway(
  env: Record<string, string>,
  args: string[] = [],
  port?: number,
): Promise<{ url: string; port: number; child: Child }> {
  const listen = port ?? (await freePort());
  const child = new Child(
    process.execPath,
    [gatewayBin, '--config', join(exampleDir, 'gateway.yaml'), ...args],
    { ...env, GATEWAY_PORT: String(listen) },
  );
  const url = `http://127.0.0.1:${listen}`;
  await waitFor(`${url}/_gateway/healthz`, child);
  return { url, port: listen, child };
}

/**
 * nginx with the shipped examples/gateway/nginx/logto-guard.conf, only its addresses replaced: the
 * gateway replicas, the backend, the listen port.
 */
export async function startNginx(
  gatewayPorts: number[],
  backendUrl: string,
): Promise<{ url: string; child: Child; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'logto-guard-nginx-'));
  chmodSync(dir, 0o755); // worker processes may run as another user
  const port = await freePort();
  const shipped = readFileSync(join(exampleDir, 'nginx', 'logto-guard.conf'), 'utf8');
  const replicas = gatewayPorts
    .map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`)
    .join('\n    ');
  const site = shipped
    .replace('server 127.0.0.1:8080 max_fails=1 fail_timeout=5s;', replicas)
    .replace('server 127.0.0.1:8000;', `server ${new URL(backendUrl).host};`)
    .replace('listen 80;', `listen 127.0.0.1:${port};`);
  if (site === shipped) throw new Error('the shipped nginx config changed: update the test');
  writeFileSync(join(dir, 'logto-guard.conf'), site);
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/logto-guard.conf;
}
`,
  );
  const child = new Child(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`, child);
  return { url, child, dir };
}
