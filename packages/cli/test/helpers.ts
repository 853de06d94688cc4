/**
 * Runs the built `logto-guard` command in a child process, and makes sure none outlives its test.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type DevIssuer, startDevIssuer } from '@logto-guard/dev-issuer';
import { afterAll, afterEach, beforeAll } from 'vitest';

const binPath = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const children = new Set<ChildProcessWithoutNullStreams>();

/** What a finished run printed, and how it ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started run: its output so far, and helpers to wait on it. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first match of `pattern` on stdout (rejects after `timeoutMs`). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<CliResult>;
}

/** Starts `node dist/bin.js ...args`; `input` is written to stdin, which is then closed; `env` is added. */
export function startCli(args: readonly string[], input = '', env: Record<string, string> = {}): CliProcess {
  const { LOGTO_CLIENT_SECRET: _, ...inherited } = process.env;
  const child = spawn(process.execPath, [binPath, ...args], {
    timeout: 25_000,
    env: { ...inherited, ...env },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of waiters) waiter();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      for (const waiter of waiters) waiter();
      resolve({ code, signal, stdout, stderr });
    });
  });
  child.stdin.end(input);
  function waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no ${pattern} in stdout: ${stdout}${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        const match = stdout.match(pattern);
        if (match) finish(undefined, match);
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(new Error(`exited before ${pattern}: ${stdout}${stderr}`));
        }
      };
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve(match as RegExpMatchArray);
      };
      waiters.add(check);
      check();
    });
  }
  return { child, waitForOutput, exited };
}

/** Runs `logto-guard ...args` to its end. */
export function runCli(
  args: readonly string[],
  input = '',
  env: Record<string, string> = {},
): Promise<CliResult> {
  return startCli(args, input, env).exited;
}

/** Kills every child still running (call it in `afterEach`). */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** The report of `inspect --json`. */
export interface Report {
  valid: boolean;
  verdict: string;
  code: string | null;
  model: string | null;
  fits: string | null;
  kind: string;
  checks: { name: string; status: string; detail: string; hint?: string }[];
}

/** Parses `inspect --json` output. */
export function parseReport(result: CliResult): Report {
  return JSON.parse(result.stdout) as Report;
}

/** The row `name` of a report. */
export function row(report: Report, name: string): Report['checks'][number] {
  const check = report.checks.find((item) => item.name === name);
  if (check === undefined) throw new Error(`no ${name} row in ${JSON.stringify(report.checks)}`);
  return check;
}

/**
 * Starts a dev issuer on a random port for the file's tests (closed after them) and kills spawned
 * commands after each test. Returns a getter for the running issuer.
 */
export function useDevIssuer(): () => DevIssuer {
  let issuer: DevIssuer | undefined;
  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
  });
  afterEach(killChildren);
  afterAll(() => issuer?.close());
  return () => {
    if (issuer === undefined) throw new Error('the dev issuer is not running');
    return issuer;
  };
}
