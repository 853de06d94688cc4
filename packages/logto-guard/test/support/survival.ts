/**
 * For the "a request never ends the process" tests: a Logto that answers only when the test says so, a
 * guard whose answer Node refuses to write, and a watch over what would end a Node process.
 */
import { vi } from 'vitest';
import type { Guard, GuardOutcome } from '../../src/core/index.js';

/** A Logto whose discovery and key-set requests wait until the test lets them fail. */
export interface SlowLogto {
  /** Give it to `createGuard({ fetch })`. */
  fetch: typeof fetch;
  /** Resolves once the guard is waiting for Logto. */
  asked: Promise<void>;
  /** Lets every waiting request fail, as an unreachable Logto does. */
  fail(): void;
}

export function slowLogto(): SlowLogto {
  let asked!: () => void;
  let fail!: (error: Error) => void;
  const askedPromise = new Promise<void>((resolve) => {
    asked = resolve;
  });
  const released = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  released.catch(() => {});
  return {
    fetch: () => {
      asked();
      return released;
    },
    asked: askedPromise,
    fail: () => fail(new TypeError('fetch failed')),
  };
}

/** `guard`, plus a promise that resolves once its first check has settled and its adapter has had turns. */
export function observed(guard: Guard): { guard: Guard; checked: Promise<void> } {
  let done!: () => void;
  const checked = new Promise<void>((resolve) => {
    done = resolve;
  });
  const settle = () => {
    // Two turns of the event loop: the adapter's continuation runs, and Node reports what it left
    // unhandled, before the test looks.
    setImmediate(() => setImmediate(done));
  };
  const check: Guard['check'] = (input, policy) => {
    const outcome = guard.check(input, policy);
    outcome.then(settle, settle);
    return outcome;
  };
  return { guard: { ...guard, check }, checked };
}

/**
 * `guard` answering its failures with a challenge Node refuses to write (a character above U+00FF), as
 * any custom guard or a future renderer bug could: the adapter's write throws.
 */
export function unwritable(guard: Guard): Guard {
  const check = async (...args: Parameters<Guard['check']>): Promise<GuardOutcome> => {
    const outcome = await guard.check(...args);
    if (outcome.ok) return outcome;
    const headers = { ...outcome.response.headers, 'www-authenticate': 'Bearer realm="Orders API — prod"' };
    return { ...outcome, response: { ...outcome.response, headers } };
  };
  return { ...guard, check: check as Guard['check'] };
}

/** Collects what would end the process: unhandled rejections, uncaught exceptions, `process.exit`. */
export function watchProcess(): { seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const record = (reason: unknown) => {
    seen.push(reason);
  };
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
  const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    seen.push(new Error(`process.exit(${String(code)})`));
    return undefined as never;
  });
  return {
    seen,
    stop() {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
      exit.mockRestore();
    },
  };
}
