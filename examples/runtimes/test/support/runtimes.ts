/**
 * The runtimes under test: where their binary is, its version, and how to serve the app (src/app.ts) on
 * it. Bun and Deno come from their npm packages (node_modules/.bin); workerd runs through miniflare.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Miniflare } from 'miniflare';
import type { AppConfig } from '../../src/app.js';
import { bundle } from './build.js';

/** A server of the app on 127.0.0.1; `url` has no trailing slash. */
export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export interface RuntimeTarget {
  /** `bun`, `deno`, `workerd`, `node`: what the app's `/runtime` answers (workerd: `Cloudflare-Workers`). */
  name: string;
  /** The runtime's version, or undefined when it is not installed. */
  version: string | undefined;
  /** Serves the app with `config`. */
  start(config: AppConfig): Promise<AppServer>;
}

const require = createRequire(import.meta.url);
/** A file of an installed package (the binary its npm package ships), or a path that does not exist. */
export function bin(file: string): string {
  try {
    return require.resolve(file);
  } catch {
    return file;
  }
}

function versionOf(command: string, pattern: RegExp): string | undefined {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 ? pattern.exec(result.stdout)?.[1] : undefined;
}

/** Spawns `command` and resolves once it prints `listening <url>` (or `Listening on <url>`). */
export function spawnServer(command: string, args: string[]): Promise<AppServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const close = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /[Ll]istening (?:on )?(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) resolve({ url: found[1] as string, close });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${command} exited (${code}) before listening:\n${output}`)),
    );
  });
}

let bundles: Record<string, Promise<string>> = {};
const bundled = (entry: string, target: 'server' | 'worker') => {
  bundles[entry] ??= bundle(entry, target);
  return bundles[entry];
};
/** Forgets the bundles (a new test file builds them again). */
export function resetBundles(): void {
  bundles = {};
}

export const bun: RuntimeTarget = {
  name: 'bun',
  version: versionOf(bin('bun/bin/bun.exe'), /^(\S+)/),
  async start(config) {
    return spawnServer(bin('bun/bin/bun.exe'), [await bundled('bun.ts', 'server'), JSON.stringify(config)]);
  },
};

export const deno: RuntimeTarget = {
  name: 'deno',
  version: versionOf(bin('deno/deno'), /^deno (\S+)/),
  async start(config) {
    // Only the network, and only loopback: loading the bundle and node_modules needs no permission.
    const file = await bundled('deno.ts', 'server');
    return spawnServer(bin('deno/deno'), [
      'run',
      '--allow-net=127.0.0.1',
      '--no-prompt',
      file,
      JSON.stringify(config),
    ]);
  },
};

export const workerd: RuntimeTarget = {
  name: 'Cloudflare-Workers',
  version: versionOf(bin('workerd/bin/workerd'), /^workerd (\S+)/),
  async start(config) {
    const scriptPath = await bundled('worker.ts', 'worker');
    return startWorker(scriptPath, { CONFIG: JSON.stringify(config) });
  },
};

/** The compatibility date the Workers run with (no compatibility flags: no `nodejs_compat`). */
export const COMPATIBILITY_DATE = '2026-04-26';

/** Runs the Worker `scriptPath` (an ES module) in workerd through miniflare. */
export async function startWorker(
  scriptPath: string,
  bindings: Record<string, string> = {},
): Promise<AppServer> {
  const mf = new Miniflare({ modules: true, scriptPath, compatibilityDate: COMPATIBILITY_DATE, bindings });
  const url = await mf.ready;
  return { url: url.origin, close: () => mf.dispose() };
}

/** The miniflare package version (the workerd it runs is `workerd.version`). */
export const miniflareVersion: string = require('miniflare/package.json').version;

export const node: RuntimeTarget = {
  name: 'node',
  version: process.versions.node,
  async start(config) {
    return spawnServer(process.execPath, [await bundled('node.ts', 'server'), JSON.stringify(config)]);
  },
};
