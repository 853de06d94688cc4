/**
 * The dev issuer's command line: flags, and the `logto-dev-issuer` process itself (banner, SIGUSR2
 * key rotation, SIGTERM, usage errors, a port in use).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

import { listenOnFreePort } from '@logto-guard/test-support';
import { afterEach, describe, expect, it } from 'vitest';

import { CommandLineError, findFreePortNear, parseDevIssuerArgs } from '../../src/cli/index.js';

const bin = fileURLToPath(new URL('../../bin/logto-dev-issuer.js', import.meta.url));
const children = new Set<ChildProcessWithoutNullStreams>();
const servers: Server[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Starts `logto-dev-issuer ...args`; `output()` is stdout and stderr so far. */
function startBin(args: readonly string[]) {
  const child = spawn(process.execPath, [bin, ...args], { timeout: 25_000 });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const match = stdout.match(pattern);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`exited before ${pattern}: ${stdout}${stderr}`);
      await new Promise((resolve) => child.stdout.once('data', resolve).once('close', resolve));
    }
  };
  return { child, exited, waitFor };
}

async function occupyPort(): Promise<number> {
  const server = await listenOnFreePort(createHttpServer());
  closers.push(server.close);
  return Number(new URL(server.url).port);
}

describe('parseDevIssuerArgs', () => {
  it('parses --port, --host, --base-url, --config, --alg and --ttl', () => {
    const argv = ['--port', '0', '--host', '127.0.0.1', '--base-url', 'http://localhost:3001'];
    argv.push('--config', 'world.yaml', '--alg', 'rs256', '--ttl', '60');
    expect(parseDevIssuerArgs(argv)).toEqual({
      help: false,
      options: {
        port: 0,
        host: '127.0.0.1',
        baseUrl: 'http://localhost:3001',
        config: 'world.yaml',
        alg: 'RS256',
        accessTokenTtl: 60,
      },
    });
    expect(parseDevIssuerArgs(['--help'])).toEqual({ help: true });
  });

  it.each([
    [['--prot', '1'], 'unknown flag --prot, did you mean --port?'],
    [['--alg=RS256', '--confg', 'w.yaml'], 'unknown flag --confg, did you mean --config?'],
    [['-x'], 'unknown flag -x'],
    [['--port', 'abc'], '--port must be an integer from 0 to 65535, got "abc"'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535, got "70000"'],
    [['--ttl', '0'], '--ttl must be an integer from 1 to 31536000, got "0"'],
    [['--alg', 'HS256'], '--alg must be ES384 or RS256, got "HS256"'],
    [['--port'], "Option '--port <value>' argument missing"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('rejects %j: %s', (argv, message) => {
    const error = (() => {
      try {
        parseDevIssuerArgs(argv);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CommandLineError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('findFreePortNear', () => {
  it('skips a taken port and returns one that can be bound', async () => {
    const taken = await occupyPort();
    const free = await findFreePortNear(taken, '127.0.0.1');
    expect(free).toBeGreaterThan(taken);
    const probe = createServer();
    servers.push(probe);
    await new Promise<void>((resolve, reject) =>
      probe.once('error', reject).listen(free, '127.0.0.1', resolve),
    );
  });
});

describe('logto-dev-issuer', () => {
  it('prints the banner, rotates the key on SIGUSR2, and exits 0 on SIGTERM', async () => {
    const run = startBin(['--port', '0']);
    const [, url] = await run.waitFor(/running at (http:\/\/127\.0\.0\.1:\d+)\n/);
    const banner = (await run.waitFor(/Press Ctrl\+C to stop\.\n/)).input as string;
    expect(banner).toContain('m2m-full-access / m2m-full-access-secret');
    expect(banner).toContain(`curl -s -u m2m-full-access:m2m-full-access-secret ${url}/oidc/token`);
    expect(banner).toContain(`kill -USR2 ${run.child.pid}`);
    // Only commands that exist wherever the dev issuer runs alone: no logto-guard, no npm script.
    expect(banner).not.toMatch(/logto-guard (token|inspect)|npm /);

    const jwks = async () =>
      ((await (await fetch(`${url}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys;
    const [first] = await jwks();
    run.child.kill('SIGUSR2');
    await run.waitFor(/Rotated signing key: ES384, kid (\S+)/);
    const keys = await jwks();
    expect(keys).toHaveLength(2);
    expect(keys[1]?.kid).toBe(first?.kid);

    run.child.kill('SIGTERM');
    const result = await run.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('dev issuer stopped (SIGTERM)');
  });

  it('answers an unknown flag with one line naming the nearest flag (exit 2)', async () => {
    const result = await startBin(['--prot', '3001']).exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: unknown flag --prot, did you mean --port? (see logto-dev-issuer --help)\n',
    );
  });

  it('names a port that is free when the port is in use (exit 1)', async () => {
    const taken = await occupyPort();
    const result = await startBin(['--port', String(taken)]).exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: cannot listen on 127.0.0.1:${taken}`);
    const [, suggested] =
      result.stderr.match(/hint: port (\d+) is free now: logto-dev-issuer --port \1/) ?? [];
    expect(Number(suggested)).toBeGreaterThan(taken);
  });
});
