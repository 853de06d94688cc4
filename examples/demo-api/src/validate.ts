/**
 * Checks of the JSON bodies the demo accepts. Each returns the clean value or every problem found, in
 * words a client can act on.
 *
 * @module
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const NOT_AN_OBJECT = 'the body must be a JSON object sent with Content-Type: application/json';

function isObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/**
 * `{"item": string, "qty": positive integer}` of `POST /api/orders`.
 *
 * @example
 * ```ts
 * parseOrder({ item: 'Widget', qty: 2 }); // { ok: true, value: { item: 'Widget', qty: 2 } }
 * ```
 */
export function parseOrder(body: unknown): Parsed<{ item: string; qty: number }> {
  if (!isObject(body)) return { ok: false, problems: [NOT_AN_OBJECT] };
  const { item, qty } = body;
  const problems: string[] = [];
  if (!isNonEmptyString(item)) problems.push('"item" must be a non-empty string');
  if (!(typeof qty === 'number' && Number.isSafeInteger(qty) && qty > 0)) {
    problems.push('"qty" must be a positive integer');
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { item: (item as string).trim(), qty: qty as number } };
}

/**
 * `{"email": string}` of `POST /api/organizations/:organizationId/invitations`.
 *
 * @example
 * ```ts
 * parseInvitation({ email: 'new@example.com' }); // { ok: true, value: { email: 'new@example.com' } }
 * ```
 */
export function parseInvitation(body: unknown): Parsed<{ email: string }> {
  if (!isObject(body)) return { ok: false, problems: [NOT_AN_OBJECT] };
  const { email } = body;
  // Deliberately loose: one "@" with something on each side; the demo sends no mail.
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    return { ok: false, problems: ['"email" must be an email address'] };
  }
  return { ok: true, value: { email } };
}
