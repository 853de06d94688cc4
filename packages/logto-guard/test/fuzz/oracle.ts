/**
 * The fuzz oracle, independent of the guard: whether the issuer's key really signed a token (node:crypto
 * over the raw segments), whether its claims make it acceptable on a route, and whether an answer is one
 * the contract allows (status, body, challenge).
 */
import { createPublicKey, verify } from 'node:crypto';
import { API, type FuzzRequest, type FuzzWorld } from './arbitraries.js';

const ALLOWED_BODIES: Readonly<Record<number, readonly string[]>> = {
  401: [
    '{"error":"Authorization header is missing"}',
    '{"error":"Authorization header must start with \\"Bearer \\""}',
    '{"error":"Authorization header is malformed"}',
    '{"error":"Invalid token"}',
  ],
  403: ['{"error":"Insufficient scope"}'],
  503: ['{"error":"Authorization server unavailable"}'],
};

function decode(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bearer token of a header value the guard may accept, else undefined. Deliberately lenient (scheme in
 * any case, RFC 9110 §11.1; surrounding whitespace): the oracle judges the token, not the header syntax.
 */
export function bearerToken(authorization: FuzzRequest['authorization']): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  return /^[ \t]*bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(authorization)?.[1];
}

export function createOracle(world: FuzzWorld) {
  const key = createPublicKey({ key: world.publicJwk as never, format: 'jwk' });

  /** Signed by the issuer's key (ES384 over the first two segments), whatever the claims say. */
  function signedByIssuer(token: string): boolean {
    const parts = token.split('.');
    if (parts.length !== 3 || !/^[A-Za-z0-9_.-]+$/.test(token)) return false;
    const [head = '', body = '', signature = ''] = parts;
    const header = decode(head);
    if (header?.alg !== 'ES384' || header.kid !== world.kid) return false;
    return verify(
      'sha384',
      Buffer.from(`${head}.${body}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
  }

  /** Whether a guard may answer 200 with an identity for `request`: a genuine token that grants the route. */
  function mayGrant(request: FuzzRequest): boolean {
    const token = bearerToken(request.authorization);
    if (token === undefined || !signedByIssuer(token)) return false;
    const [head = '', body = ''] = token.split('.');
    const header = decode(head) ?? {};
    const claims = decode(body);
    if (claims === undefined || header.crit !== undefined) return false;
    if (!['at+jwt', 'application/at+jwt'].includes(String(header.typ).toLowerCase())) return false;
    if (claims.iss !== world.issuer || typeof claims.exp !== 'number' || claims.exp + 5 <= world.now)
      return false;
    const audiences =
      typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    switch (request.route) {
      case 'optional':
        return audiences.includes(API) && claims.organization_id === undefined;
      case 'products':
        return (
          audiences.includes(API) && claims.organization_id === undefined && scopes.includes('read:products')
        );
      case 'members':
        return (
          audiences.includes(`urn:logto:organization:${request.organizationId}`) &&
          scopes.includes('read:members')
        );
      case 'projects':
        return (
          audiences.includes(API) &&
          claims.organization_id === request.organizationId &&
          scopes.includes('read:projects')
        );
    }
  }

  /**
   * What is wrong with an answer, or undefined when the contract allows it. `auth` is the identity the
   * handler saw (null: none); `body` the serialized error body for failures.
   */
  function checkAnswer(
    request: FuzzRequest,
    answer: { status: number; body: string; challenge: string | null; auth: unknown },
  ): string | undefined {
    const token = bearerToken(request.authorization);
    if (answer.status === 200) {
      if (answer.auth === null || answer.auth === undefined) {
        const absent = request.authorization === undefined || request.authorization === '';
        return request.route === 'optional' && absent ? undefined : 'handler ran without an identity';
      }
      return mayGrant(request)
        ? undefined
        : 'FORGED ACCEPTANCE: a token the issuer did not grant was accepted';
    }
    const bodies = ALLOWED_BODIES[answer.status];
    if (bodies === undefined) return `status ${answer.status}`;
    if (!bodies.includes(answer.body)) return `status ${answer.status} with body ${answer.body.slice(0, 80)}`;
    if (answer.status !== 503 && !answer.challenge?.startsWith('Bearer realm="api"')) {
      return `status ${answer.status} without a Bearer challenge`;
    }
    if (token !== undefined && token.length > 6 && `${answer.body}${answer.challenge}`.includes(token)) {
      return 'answer echoes the token';
    }
    return undefined;
  }

  return { signedByIssuer, mayGrant, checkAnswer };
}
