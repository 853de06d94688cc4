/**
 * The published packages as a user gets them: `npm pack` each one, install the tarballs into an empty
 * project (from the npm cache when it has the dependencies), and run every command there, including
 * the commands the banners suggest, through bash as a user would paste them.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../../..', import.meta.url));
const packages = ['packages/logto-guard', 'packages/dev-issuer', 'packages/gateway', 'packages/cli'];
let project: string;

/** The environment of a user's shell in the project: no npm variables, no repository bins on PATH. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const path = (env.PATH ?? '').split(':').filter((dir) => !dir.includes('node_modules'));
  return { ...env, PATH: path.join(':'), LOGTO_CLIENT_SECRET: undefined, npm_config_offline: 'true' };
}

/** Runs a command line in bash in the project, as a user would. */
async function shell(line: string, input?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd: project, env: userEnv(), timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Starts a long-running command in the project and resolves with its output once `pattern` appears. */
function startInProject(command: string, args: readonly string[], pattern: RegExp) {
  const child = spawn(join(project, 'node_modules', '.bin', command), args, {
    cwd: project,
    env: userEnv(),
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (pattern.test(stdout)) resolve(stdout);
    });
    child.on('close', () => reject(new Error(`${command} exited: ${stdout}${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stderr }));
  });
  return { child, ready, exited };
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'logto-guard-packed-'));
  const tarballs = join(project, 'tarballs');
  await mkdir(tarballs);
  // Packs what is built now: bring dist/ up to date first (incremental: quick when it is).
  await run(
    process.execPath,
    [join(repository, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli/tsconfig.build.json'],
    {
      cwd: repository,
    },
  );
  await run(
    'npm',
    ['pack', '--silent', '--pack-destination', tarballs, ...packages.flatMap((dir) => ['-w', dir])],
    {
      cwd: repository,
    },
  );
  const files = (await readdir(tarballs)).map((file) => `./tarballs/${file}`);
  expect(files).toHaveLength(packages.length);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'try-logto-guard', private: true, type: 'module' }),
  );
  // Third-party dependencies may come from the registry (the cache first); ours only from the tarballs.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
    cwd: project,
    env: { ...userEnv(), npm_config_offline: undefined },
  });
}, 240_000);

afterAll(async () => {
  if (project !== undefined) await rm(project, { recursive: true, force: true });
});

describe('the packed packages installed in an empty project', () => {
  it('run logto-guard and logto-dev-issuer: help and version', async () => {
    const version = await shell('npx logto-guard --version');
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    for (const line of [
      'npx logto-guard --help',
      'npx logto-guard dev --help',
      'npx logto-dev-issuer --help',
      'npx logto-guard gateway --help',
      'npx logto-guard-gateway --help',
    ]) {
      const result = await shell(line);
      expect(result.code, `${line}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('Usage:');
    }
  });

  it('import the libraries', async () => {
    const script = [
      "const { createGuard } = await import('logto-guard');",
      "const { createTestIssuer } = await import('logto-guard/testing');",
      "const { startDevIssuer } = await import('@logto-guard/dev-issuer');",
      "const { main } = await import('@logto-guard/cli');",
      "console.log([createGuard, createTestIssuer, startDevIssuer, main].map((f) => typeof f).join(' '));",
    ].join(' ');
    const result = await shell(`node --input-type=module -e "${script}"`);
    expect(result).toMatchObject({ code: 0, stdout: 'function function function function\n' });
  });

  it('logto-guard dev prints commands that run as printed: token, then inspect', async () => {
    const dev = startInProject('logto-guard', ['dev', '--port', '0'], /Press Ctrl\+C to stop\./);
    const banner = await dev.ready;
    const token = banner.match(/^ {2}(TOKEN=\$\(npx logto-guard token .+\))$/m)?.[1];
    const inspect = banner.match(/^ {2}(npx logto-guard inspect .+)$/m)?.[1];
    expect(token, banner).toBeDefined();
    expect(inspect, banner).toBeDefined();
    const result = await shell(`${token} && ${inspect}`);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^VALID/m);
    dev.child.kill('SIGTERM');
    expect((await dev.exited).code).toBe(0);
  });

  it('logto-dev-issuer prints a curl request that runs as printed, and rotates on SIGUSR2', async () => {
    const issuer = startInProject('logto-dev-issuer', ['--port', '0'], /Press Ctrl\+C to stop\./);
    const banner = await issuer.ready;
    const curl = banner.match(/^ {2}(curl .+\\\n.+)$/m)?.[1];
    expect(curl, banner).toBeDefined();
    const response = await shell(curl as string);
    expect(JSON.parse(response.stdout)).toMatchObject({ token_type: 'Bearer' });
    const url = banner.match(/running at (\S+)/)?.[1];
    const secret = await shell(
      `npx logto-guard token --endpoint ${url} --client-id m2m-read-only --client-secret - --resource https://api.example.com`,
      'm2m-read-only-secret\n',
    );
    expect(secret.code, secret.stderr).toBe(0);
    issuer.child.kill('SIGUSR2');
    issuer.child.kill('SIGTERM');
    expect(await issuer.exited).toMatchObject({ code: 0 });
  });
});
