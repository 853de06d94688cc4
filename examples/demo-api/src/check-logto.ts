/**
 * A start-up check that `LOGTO_ENDPOINT` answers like a Logto, so a typo is reported at once instead of as
 * 503s on the first request.
 *
 * @module
 */

export const LOGTO_CHECK_TIMEOUT_MS = 3000;

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Fetches `<endpoint>/oidc/.well-known/openid-configuration` once and checks that it names the issuer
 * `<endpoint>/oidc`.
 *
 * @returns undefined when it does, else the problem in one sentence (never throws).
 *
 * @example
 * ```ts
 * const problem = await checkLogto('https://my-tenant.logto.app');
 * if (problem) console.warn(problem);
 * ```
 */
export async function checkLogto(
  endpoint: string,
  timeoutMs = LOGTO_CHECK_TIMEOUT_MS,
): Promise<string | undefined> {
  const issuer = `${endpoint}/oidc`;
  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return `cannot reach Logto at ${endpoint} (${describeFetchError(error, timeoutMs)}): check LOGTO_ENDPOINT`;
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok || typeof body !== 'object' || body === null) {
    return `${discoveryUrl} answered ${response.status} without OpenID discovery: is LOGTO_ENDPOINT the URL of a Logto?`;
  }
  const named = (body as { issuer?: unknown }).issuer;
  if (named !== issuer) {
    return `Logto at ${endpoint} names its issuer ${JSON.stringify(named)}, not "${issuer}": set LOGTO_ENDPOINT to the URL your clients get tokens from`;
  }
  return undefined;
}
