/**
 * One bounded JSON fetch, shared by discovery and the key set.
 *
 * @module
 */

/**
 * Largest body read from the discovery document or the key set: 256 KiB. Logto's documents are a few
 * KiB (a JWKS of two keys is about 1 KiB); a larger body is refused before it is parsed, so a hostile or
 * broken endpoint cannot make the guard hold megabytes per fetch.
 */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

async function readBounded(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`${url} answered a body larger than ${maxBytes} bytes`);
  }
  if (response.body === null) return '';
  // Streamed, so an undeclared (chunked) body stops being read at the cap instead of being buffered whole.
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`${url} answered a body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Fetches `url` and parses a JSON object, giving up after `timeout` milliseconds (the body included).
 * Redirects are not followed; bodies above `maxBytes` (default {@link MAX_JSON_BODY_BYTES}) are refused.
 * Throws a plain `Error` saying what went wrong; callers turn it into a typed failure.
 */
export async function fetchJsonObject(
  fetchImpl: typeof fetch,
  url: string,
  timeout: number,
  maxBytes: number = MAX_JSON_BODY_BYTES,
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
  const body: unknown = JSON.parse(await readBounded(response, url, maxBytes));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`${url} did not answer a JSON object`);
  }
  return body as Record<string, unknown>;
}
