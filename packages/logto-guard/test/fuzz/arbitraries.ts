/**
 * fast-check generators of what reaches a guard: Authorization headers, JWS headers, payloads and
 * signatures (built from scratch, or mutated from tokens the issuer really signed), and JWKS documents.
 */
import fc from 'fast-check';

export const API = 'https://api.example.com';
const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** What the generators know about the issuer under test. */
export interface FuzzWorld {
  issuer: string;
  kid: string;
  /** Seconds since the epoch, the guard's clock. */
  now: number;
  /** Tokens the issuer signed (valid ones, and ones with claims a guard must refuse). */
  signed: readonly string[];
  /** The issuer's public JWK (with `kid`). */
  publicJwk: Record<string, unknown>;
}

/** One request: its Authorization header (absent, one value, or two) and the route it calls. */
export interface FuzzRequest {
  authorization: string | string[] | undefined;
  route: 'products' | 'optional' | 'members' | 'projects';
  organizationId: string;
}

const anyValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.constant({}),
);

const claims = (world: FuzzWorld) =>
  fc.record(
    {
      iss: fc.oneof(fc.constant(world.issuer), fc.constant(`${world.issuer}/`), anyValue),
      sub: fc.oneof(fc.constant('user-1'), anyValue),
      client_id: fc.oneof(fc.constant('app-1'), anyValue),
      aud: fc.oneof(
        fc.constant(API),
        fc.constant([API]),
        fc.constant('urn:logto:organization:org-1'),
        anyValue,
      ),
      exp: fc.oneof(fc.integer({ min: world.now - 100, max: world.now + 3600 }), anyValue),
      nbf: fc.oneof(fc.integer({ min: world.now - 100, max: world.now + 100 }), anyValue),
      iat: fc.oneof(fc.integer({ min: world.now - 100, max: world.now + 100 }), anyValue),
      scope: fc.oneof(fc.constantFrom('read:products', 'read:projects read:members', 'read'), anyValue),
      organization_id: fc.oneof(fc.constant('org-1'), anyValue),
    },
    { requiredKeys: [] },
  );

const jwsHeader = (world: FuzzWorld) =>
  fc.record(
    {
      alg: fc.oneof(
        fc.constantFrom('ES384', 'ES256', 'RS256', 'PS256', 'EdDSA', 'none', 'HS256', 'es384', 'ES384 '),
        anyValue,
      ),
      typ: fc.oneof(fc.constantFrom('at+jwt', 'application/at+jwt', 'AT+JWT', 'JWT', 'jwt'), anyValue),
      // Mostly the issuer's kid: a made-up kid waits for the next key-set fetch (one per second).
      kid: fc.oneof(
        { weight: 6, arbitrary: fc.constant(world.kid) },
        { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
        { weight: 1, arbitrary: anyValue },
      ),
      crit: fc.array(fc.constantFrom('exp', 'b64', 'x'), { maxLength: 2 }),
      jku: fc.constant('https://attacker.example/jwks'),
      jwk: fc.constant(world.publicJwk),
      b64: fc.boolean(),
    },
    { requiredKeys: [] },
  );

const base64urlBytes = (maxLength: number) =>
  fc.uint8Array({ maxLength }).map((bytes) => b64url(Buffer.from(bytes).toString('latin1')));

/** A token built from scratch: header, payload, signature (random, or lifted from a signed token). */
const builtToken = (world: FuzzWorld) =>
  fc
    .tuple(
      fc.oneof(jwsHeader(world).map(b64url), base64urlBytes(40), fc.string({ maxLength: 20 })),
      fc.oneof(
        { weight: 4, arbitrary: claims(world).map(b64url) },
        base64urlBytes(60),
        fc.string({ maxLength: 20 }),
      ),
      fc.oneof(
        base64urlBytes(132),
        fc.constantFrom(...world.signed).map((token) => token.split('.')[2] ?? ''),
        fc.string({ maxLength: 20 }),
      ),
      fc.constantFrom('.', '..', '.'),
    )
    .map(([head, body, signature, dot]) => `${head}${dot}${body}.${signature}`);

/** A token the issuer signed, then changed: one character, a cut, an insertion, swapped segments. */
const mutatedToken = (world: FuzzWorld) =>
  fc
    .tuple(
      fc.constantFrom(...world.signed),
      fc.nat(),
      fc.constantFrom('replace', 'delete', 'insert', 'swap', 'case', 'truncate', 'none'),
      fc.string({ minLength: 1, maxLength: 3 }),
    )
    .map(([token, at, how, text]) => {
      const i = at % token.length;
      const [a = '', b = '', c = ''] = token.split('.');
      switch (how) {
        case 'replace':
          return token.slice(0, i) + text + token.slice(i + text.length);
        case 'delete':
          return token.slice(0, i) + token.slice(i + text.length);
        case 'insert':
          return token.slice(0, i) + text + token.slice(i);
        case 'swap':
          return [b, a, c].join('.');
        case 'case':
          return token.slice(0, i) + token.charAt(i).toUpperCase() + token.slice(i + 1);
        case 'truncate':
          return token.slice(0, i);
        default:
          return token;
      }
    });

const token = (world: FuzzWorld) =>
  fc.oneof(
    { weight: 5, arbitrary: builtToken(world) },
    { weight: 4, arbitrary: mutatedToken(world) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  );

const authorization = (world: FuzzWorld): fc.Arbitrary<string | string[] | undefined> =>
  fc.oneof(
    { weight: 12, arbitrary: token(world).map((t) => `Bearer ${t}`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'bearer ',
            'BEARER ',
            'Bearer  ',
            'Bearer\t',
            ' Bearer ',
            'Bearer',
            'Basic ',
            'Bearer x ',
          ),
          token(world),
        )
        .map(([scheme, t]) => scheme + t),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }).map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', ' ') },
    {
      weight: 1,
      arbitrary: fc.tuple(token(world), token(world)).map(([x, y]) => [`Bearer ${x}`, `Bearer ${y}`]),
    },
  );

/** Requests for the core and the adapters. */
export const requests = (world: FuzzWorld): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    authorization: authorization(world),
    route: fc.constantFrom('products', 'optional', 'members', 'projects'),
    organizationId: fc.constantFrom('org-1', 'org-2', 'ORG-1'),
  });

/** JWKS documents around the issuer's real key: mutated copies, duplicates, junk entries, other keys. */
export const jwksDocuments = (world: FuzzWorld, otherJwks: readonly Record<string, unknown>[]) => {
  const real = world.publicJwk;
  const entry = fc.oneof(
    { weight: 3, arbitrary: fc.constant(real) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom('x', 'y', 'crv', 'kty', 'alg', 'use', 'key_ops', 'kid', 'd', 'ext'),
          fc.oneof(
            anyValue,
            fc.constantFrom('ES384', 'RS256', 'enc', 'sig', 'P-256', 'RSA', 'EC', ['verify'], ['sign']),
          ),
        )
        .map(([field, value]) => ({ ...real, [field]: value })),
    },
    { weight: 2, arbitrary: fc.constantFrom(...otherJwks).map((jwk) => ({ ...jwk, kid: real.kid })) },
    { weight: 1, arbitrary: fc.constantFrom(...otherJwks) },
    { weight: 1, arbitrary: anyValue },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(entry, { maxLength: 6 }).map((keys) => ({ keys })) },
    { weight: 1, arbitrary: fc.oneof(anyValue, fc.record({ keys: anyValue })) },
  );
};
