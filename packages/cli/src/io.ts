/**
 * Where a command writes and reads: the process streams in `bin.ts`, anything in tests.
 *
 * @module
 */
import { escapeOutput } from './terminal-text.js';

/** The streams a command uses. `out` is for results (a token, a report), `err` for messages. */
export interface Io {
  /** Writes `text` and a newline to standard output. */
  out(text: string): void;
  /** Writes `text` and a newline to standard error. */
  err(text: string): void;
  /** Standard input; `isTTY` is true when a person is typing at it. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Environment variables (`LOGTO_CLIENT_SECRET`). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The process's own streams. Everything written is escaped (control and bidi characters but the line
 * feed): values from tokens and servers must not drive the terminal, whichever message carries them.
 */
export const processIo: Io = {
  out: (text) => process.stdout.write(`${escapeOutput(text)}\n`),
  err: (text) => process.stderr.write(`${escapeOutput(text)}\n`),
  stdin: process.stdin,
  env: process.env,
};

/**
 * Reads a stream to its end as UTF-8.
 *
 * @example
 * ```ts
 * const token = (await readAll(process.stdin)).trim()
 * ```
 */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
