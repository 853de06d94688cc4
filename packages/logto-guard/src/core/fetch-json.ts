/**
 * One bounded JSON fetch, shared by discovery and the key set.
 *
 * @module
 */

/**
 * Fetches `url` and parses a JSON object, giving up after `timeout` milliseconds. Redirects are not
 * followed. Throws a plain `Error` saying what went wrong; callers turn it into a typed failure.
 */
export async function fetchJsonObject(
  fetchImpl: typeof fetch,
  url: string,
  timeout: number,
): Promise<Record<string, unknown>> {
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeout),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`${url} answered HTTP ${response.status}`);
  }
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`${url} did not answer a JSON object`);
  }
  return body as Record<string, unknown>;
}
