/**
 * What the `onFailure` hook receives: one plain object per failure, safe to log. Also the fetch wrapper
 * that makes a 503's cause say which URL failed and how.
 *
 * @module
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ErrorKind, LogtoGuardErrorCode, LogtoGuardFailure } from './errors.js';
import type { KeyIssueCode } from './jwks-document.js';
import { organizationOfAudience } from './token-format.js';

/** One link of a 503's cause chain: what was fetched and how it failed. */
export interface FailureCause {
  /** A fixed sentence or the runtime's error message (never a response body). */
  message: string;
  /** The URL fetched (discovery document or key set). */
  url?: string;
  /** The HTTP status it answered, when it answered. */
  status?: number;
  /** The timeout in milliseconds it exceeded, when it timed out. */
  timeout?: number;
}

/**
 * What is safe to log about the token. `verified: true`: its signature was checked with the issuer's key,
 * so the values are the issuer's; `false`: only decoded (an invalid or unverifiable token), so they are
 * whatever the caller wrote, each cut to 200 characters. Never the token, its signature or its payload.
 */
export interface FailureToken {
  verified: boolean;
  issuer?: string;
  kid?: string;
  subject?: string;
  clientId?: string;
  organizationId?: string;
}

/** A 401, 403, 500 or 503 answered by `guard.check`. */
export interface RequestFailureEvent {
  type: 'request';
  code: LogtoGuardErrorCode;
  status: number;
  kind: ErrorKind;
  /** A fixed sentence saying what failed. */
  detail: string;
  /** For 403s: the scopes the route needs. */
  requiredScopes: readonly string[];
  /** For 503s: why the key set or discovery document could not be had, outermost first. */
  cause?: FailureCause[];
  /** For `organization_id_unavailable`: the route parameter the policy reads. */
  parameter?: string;
  /** What can be said about the token; absent when the request carried none. */
  token?: FailureToken;
}

/** An entry of an issuer's key set that was skipped (the other keys stay usable); no request failed. */
export interface KeySetFailureEvent {
  type: 'key_set';
  code: KeyIssueCode;
  /** The issuer whose key set it is (the first one, for custom domains sharing a key set). */
  issuer: string;
  /** Position of the entry in `keys`. */
  index: number;
  kid?: string;
  detail: string;
}

/** What `onFailure` receives; narrow it by `type`. */
export type FailureEvent = RequestFailureEvent | KeySetFailureEvent;

/** A failed fetch of a discovery document or key set, with what is known about it. */
export class FetchFailure extends Error {
  readonly url: string;
  readonly status: number | undefined;
  readonly timeout: number | undefined;
  constructor(message: string, details: { url: string; status?: number; timeout?: number; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchFailure';
    this.url = details.url;
    this.status = details.status;
    this.timeout = details.timeout;
  }
}

/**
 * `fetchImpl`, with its failures said precisely: a status other than 200 or a timeout becomes a
 * {@link FetchFailure} naming the URL (the body of an error answer is not read).
 */
export function observedFetch(fetchImpl: typeof fetch, timeout: number): typeof fetch {
  return async function fetchObserved(input, init) {
    const url = input instanceof Request ? input.url : String(input);
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (cause) {
      const name = (cause as { name?: unknown } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new FetchFailure(`${url} did not answer within ${timeout} ms`, { url, timeout, cause });
      }
      const code = (cause as { cause?: { code?: unknown } } | null)?.cause?.code;
      const reason = typeof code === 'string' ? code : String((cause as Error | null)?.message ?? cause);
      throw new FetchFailure(`${url} could not be fetched (${reason})`, { url, cause });
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new FetchFailure(`${url} answered HTTP ${response.status}`, { url, status: response.status });
    }
    return response;
  } as typeof fetch;
}

/** The cause chain of a failure, outermost first, as plain objects (at most 5 links). */
export function failureCauses(cause: unknown): FailureCause[] {
  const chain: FailureCause[] = [];
  let current = cause;
  while (current !== undefined && current !== null && chain.length < 5) {
    if (current instanceof FetchFailure) {
      const link: FailureCause = { message: current.message, url: current.url };
      if (current.status !== undefined) link.status = current.status;
      if (current.timeout !== undefined) link.timeout = current.timeout;
      chain.push(link);
      break; // what lies below is the runtime's own error, already summed up
    }
    chain.push({ message: current instanceof Error ? current.message : String(current) });
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

const cut = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.slice(0, 200) : undefined;

/** What an unverified token says about itself; undefined when it cannot even be decoded. */
export function decodedToken(token: string): FailureToken | undefined {
  try {
    const header = decodeProtectedHeader(token);
    let claims: Record<string, unknown> = {};
    try {
      claims = decodeJwt(token);
    } catch {
      // A header without a readable payload still has a `kid` to log.
    }
    return compact({
      verified: false,
      issuer: cut(claims.iss),
      kid: cut(header.kid),
      subject: cut(claims.sub),
      clientId: cut(claims.client_id),
      organizationId: cut(claims.organization_id),
    });
  } catch {
    return undefined;
  }
}

function compact(token: FailureToken): FailureToken {
  for (const key of Object.keys(token) as (keyof FailureToken)[]) {
    if (token[key] === undefined) delete token[key];
  }
  return token;
}

/** The request failure event of `error`; `token` as far as it is known. */
export function requestFailureEvent(
  error: LogtoGuardFailure,
  token: FailureToken | undefined,
): RequestFailureEvent {
  const event: RequestFailureEvent = {
    type: 'request',
    code: error.code,
    status: error.status,
    kind: error.kind,
    detail: error.message,
    requiredScopes: error.requiredScopes,
  };
  if (error.kind === 'unavailable') event.cause = failureCauses(error.cause);
  if (error.kind === 'server') event.parameter = error.parameter;
  if (token !== undefined) event.token = token;
  return event;
}

/** Verified facts about the caller, for a failure after the signature was checked. */
export function verifiedToken(claims: Record<string, unknown>, kid: string | undefined): FailureToken {
  const organizationId = cut(claims.organization_id) ?? cut(organizationOfAudience(claims.aud));
  return compact({
    verified: true,
    issuer: cut(claims.iss),
    kid,
    subject: cut(claims.sub),
    clientId: cut(claims.client_id),
    organizationId,
  });
}
