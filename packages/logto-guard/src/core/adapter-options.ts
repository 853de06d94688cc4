/**
 * The options every adapter's `requireAuth` takes, checked in one place.
 *
 * @module
 */
import { LogtoGuardConfigError } from './errors.js';

/** Options of every adapter's `requireAuth`. */
export interface AdapterOptions {
  /**
   * Hand failures to the framework's error handling (`next(err)`, a thrown `LogtoGuardError` with
   * `status`) instead of answering them; answer with `guard.render(err)` there. Default false.
   */
  passErrors?: boolean;
}

/**
 * Checks adapter options once, when the middleware is created, and applies the defaults.
 *
 * @throws {LogtoGuardConfigError} naming the wrong option.
 */
export function resolveAdapterOptions(options: AdapterOptions | undefined): Required<AdapterOptions> {
  const passErrors = options?.passErrors ?? false;
  if (typeof passErrors !== 'boolean') throw new LogtoGuardConfigError('passErrors', 'must be a boolean');
  return { passErrors };
}
