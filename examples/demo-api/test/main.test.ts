/**
 * `node dist/main.js` as a user runs it: the printed commands work, errors are one clear line, signals stop it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { PASTE_END, PASTE_START } from '../src/banner.js';
import { freePort, killDemos, occupiedPort, requireBuild, spawnDemo } from './helpers.js';

const READY = /Press Ctrl\+C to stop\./;
const STACK_FRAME = /^\s+at /m;

const hasCurl = (() => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(requireBuild);
afterEach(killDemos);

/** The shell commands between the banner's "Paste into a shell" and "Press Ctrl+C" lines. */
function pasteBlock(output: string): string {
  const start = output.indexOf(PASTE_START);
  const end = output.indexOf(PASTE_END);
  expect(start).toBeGreaterThan(-1);
  return output.slice(start + PASTE_START.length, end);
}

const unquote = (word: string): string => (word.startsWith("'") ? word.slice(1, -1) : word);

/** Reads the first printed token command (`TOKEN=$(curl -s -u id:secret <endpoint> -d … | node …)`). */
function parseTokenCommand(block: string): { url: string; credentials: string; form: URLSearchParams } {
  const command = block.slice(block.indexOf('TOKEN=$(curl'), block.indexOf("access_token')"));
  const [, credentials, url] = /-u (\S+) (\S+)/.exec(command) ?? [];
  const form = new URLSearchParams();
  for (const [, value] of command.matchAll(/(?:-d|--data-urlencode) ('[^']*'|\S+)/g)) {
    const pair = unquote(value!);
    form.append(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  }
  return { url: url!, credentials: credentials!, form };
}

describe('npm start (local issuer)', () => {
  it('prints token and curl commands that work, then stops on SIGTERM with exit code 0', async () => {
    const demo = spawnDemo({ PORT: '0', LOGTO_DEV_ISSUER_PORT: '0' });
    const output = await demo.waitForOutput(READY);
    const apiUrl = /logto-guard demo API on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(apiUrl).toBeDefined();
    expect(output).toContain('m2m-read-only / m2m-read-only-secret');

    const { url, credentials, form } = parseTokenCommand(pasteBlock(output));
    expect(form.get('grant_type')).toBe('client_credentials');
    const tokenResponse = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
      body: form,
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const res = await fetch(`${apiUrl}/api/protected`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(200);
    expect(output).toContain(`API docs      ${apiUrl}/docs `);
    expect((await fetch(`${apiUrl}/docs/`)).status).toBe(200);

    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(demo.stderr()).toBe('');
  });

  it.skipIf(!hasCurl)('runs the printed block in bash: 200, 401, 403 and every route', async () => {
    const demo = spawnDemo({ PORT: '0', LOGTO_DEV_ISSUER_PORT: '0' });
    const block = pasteBlock(await demo.waitForOutput(READY));
    const { stdout } = await promisify(execFile)('bash', ['-c', block], { timeout: 20_000 });
    const statuses = [...stdout.matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)].map((match) => Number(match[1]));
    // protected ×3, products, orders, members, invitations, other organization, projects
    expect(statuses).toEqual([200, 401, 403, 200, 201, 200, 201, 403, 200]);
  });
});

describe('npm start errors', () => {
  it('reports a port in use in one line, exit code 1', async () => {
    const { port, close } = await occupiedPort();
    try {
      const demo = spawnDemo({ PORT: String(port), LOGTO_DEV_ISSUER_PORT: '0' });
      expect(await demo.exited).toBe(1);
      const [line, suggested] =
        /^demo-api: port \d+ \(the API\) is already in use: stop the other process or set PORT to a free port, e.g. PORT=(\d+) \(free now\) npm start\n$/.exec(
          demo.stderr(),
        ) ?? [];
      expect(line, demo.stderr()).toBeDefined();
      expect(demo.stderr()).toContain(`port ${port} (the API)`);
      // The suggested port was free when checked: it can be bound.
      const probe = createServer();
      await new Promise<void>((resolve, reject) =>
        probe.once('error', reject).listen(Number(suggested), '127.0.0.1', resolve),
      );
      await new Promise((resolve) => probe.close(resolve));
      expect(demo.stdout()).toBe('');
    } finally {
      await close();
    }
  });

  it('reports a wrong variable in one line, exit code 1', async () => {
    const demo = spawnDemo({ PORT: 'http' });
    expect(await demo.exited).toBe(1);
    expect(demo.stderr()).toBe(
      'demo-api: PORT must be a port number from 0 to 65535 (0 picks a free port), got "http"\n',
    );
  });

  it('warns about an unreachable LOGTO_ENDPOINT and keeps serving', async () => {
    const logtoPort = await freePort();
    const endpoint = `http://127.0.0.1:${logtoPort}`;
    const demo = spawnDemo({ PORT: '0', LOGTO_ENDPOINT: endpoint });
    const output = await demo.waitForOutput(/Press Ctrl\+C to stop\./);
    expect(demo.stderr()).toContain(
      `demo-api: warning: cannot reach Logto at ${endpoint} (connection refused): check LOGTO_ENDPOINT.`,
    );
    expect(output).not.toMatch(STACK_FRAME);
    expect(output).toContain(`Issuer        ${endpoint}/oidc\n`);
    expect(output).not.toContain('Seeded machine-to-machine apps');

    const apiUrl = /logto-guard demo API on (\S+)/.exec(output)?.[1];
    expect((await fetch(`${apiUrl}/`)).status).toBe(200);
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
  });
});
