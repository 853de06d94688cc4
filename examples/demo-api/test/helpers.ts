/**
 * Shared by the demo's end-to-end tests: tokens from the dev issuer's real token endpoint, HTTP calls to
 * the API, and the demo's `main.js` as a child process that is always killed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

import { DEFAULT_APPLICATIONS, type DevIssuer, requestClientCredentialsToken } from '@logto-guard/dev-issuer';
import { listenOnFreePort } from '@logto-guard/test-support';
import { expect } from 'vitest';

export const API_RESOURCE = 'https://api.example.com';
export const { fullAccess, readOnly, globexMember } = DEFAULT_APPLICATIONS;

export interface TokenOptions {
  resource?: string;
  organizationId?: string;
  scope: string;
}

/** An access token from the issuer's token endpoint (over HTTP, as a client would get it). */
export async function tokenFor(
  issuer: Pick<DevIssuer, 'tokenEndpoint'>,
  app: { id: string; secret: string },
  options: TokenOptions,
): Promise<string> {
  const response = await requestClientCredentialsToken({
    tokenEndpoint: issuer.tokenEndpoint,
    clientId: app.id,
    clientSecret: app.secret,
    ...options,
  });
  return response.access_token;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface CallOptions {
  token?: string;
  method?: string;
  /** Sent as is with `Content-Type: application/json` when a string, JSON-encoded otherwise. */
  json?: unknown;
}

/** One request to the API; the body is parsed as JSON. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, body });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Every challenge of the demo ends with its RFC 9728 metadata URL. */
export const withMetadata = (challenge: string) =>
  expect.stringMatching(
    new RegExp(
      `^${challenge.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, resource_metadata="http://[^"]+/\\.well-known/oauth-protected-resource"$`,
    ),
  );

const failureOf = (res: CallResult) => ({
  status: res.status,
  challenge: res.headers.get('www-authenticate'),
  body: res.body,
});

/** Asserts logto-guard's 401 for a request without `Authorization`. */
export function expectUnauthenticated(res: CallResult): void {
  expect(failureOf(res)).toEqual({
    status: 401,
    challenge: withMetadata('Bearer realm="api"'),
    body: { error: 'Authorization header is missing' },
  });
}

/** Asserts logto-guard's 403: an `insufficient_scope` challenge naming the route's scopes. */
export function expectForbidden(res: CallResult, scope: string): void {
  expect(failureOf(res)).toEqual({
    status: 403,
    challenge: withMetadata(`Bearer realm="api", error="insufficient_scope", scope="${scope}"`),
    body: { error: 'Insufficient scope' },
  });
}

const DENIALS = {
  audience: 'Token audience is not this API',
  organization: 'Token is not for the organization of this request',
  organization_id: 'Organization-level token used on a global API',
} as const;

/**
 * Asserts logto-guard's 403 for a token that is not for this API or organization: its challenge and body
 * say so, and name no scope (the token may well hold it).
 */
export function expectDenied(res: CallResult, reason: keyof typeof DENIALS): void {
  expect(failureOf(res)).toEqual({
    status: 403,
    challenge: withMetadata(
      `Bearer realm="api", error="invalid_token", error_description="${DENIALS[reason]}"`,
    ),
    body: { error: DENIALS[reason] },
  });
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = await listenOnFreePort(createServer());
  await server.close();
  return Number(new URL(server.url).port);
}

/** A loopback port held until `close`: a server that accepts connections and never answers. */
export async function occupiedPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = await listenOnFreePort(createServer());
  return { port: Number(new URL(server.url).port), close: server.close };
}

export const MAIN_JS = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Throws a clear message when the demo has not been built (the process tests run `dist/main.js`). */
export function requireBuild(): void {
  if (!existsSync(MAIN_JS)) {
    throw new Error(`${MAIN_JS} is missing: run "npm run build -w examples/demo-api" first`);
  }
}

/** `node dist/main.js` as a child process, its output collected. */
export interface DemoProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the output once `pattern` appears in it (either stream); rejects if the process exits. */
  waitForOutput(pattern: RegExp): Promise<string>;
  /** The exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
}

const running = new Set<ChildProcess>();

/** Spawns the demo with `env` added to this process's environment (the tests' ports, endpoints). */
export function spawnDemo(env: Record<string, string>): DemoProcess {
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { ...process.env, LOGTO_ENDPOINT: '', API_RESOURCE: '', HOST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? -1);
    });
  });
  const waitForOutput = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(out + err)) return;
        clearInterval(timer);
        resolve(out + err);
      };
      const timer = setInterval(check, 20);
      exited.then((code) => {
        clearInterval(timer);
        if (pattern.test(out + err)) resolve(out + err);
        else reject(new Error(`demo exited (${code}) before printing ${pattern}:\n${out}\n${err}`));
      });
    });
  return { child, stdout: () => out, stderr: () => err, waitForOutput, exited };
}

/** Kills every demo process still running and waits until they are gone. */
export async function killDemos(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
