// The verifier decodes header and payload itself (compact-jws.ts) instead of jose's decoders: it must keep
// every check they made, decide the odd cases the same way, and cache only tokens a bearer header can carry.
import { KeyObject, sign } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBearerToken } from '../../src/core/bearer.js';
import { isPlainCompact, readCompactJws, readPayload } from '../../src/core/compact-jws.js';
import { createGuard, globalApi, LogtoGuardError } from '../../src/core/index.js';

const API = 'https://api.example.com';
const ISSUER = 'https://logto.test/oidc';
const JWKS = 'https://logto.test/oidc/jwks';
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = () => NOW;
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const claims = {
  iss: ISSUER,
  sub: 'user-1',
  client_id: 'app-1',
  aud: API,
  exp: NOW / 1000 + 60,
  scope: 'read',
};

let privateKey: KeyObject;
let jwks: { keys: object[] };
beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = KeyObject.from(pair.privateKey);
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
});

/** A token whose header and payload segments are exactly the given strings, signed by the test key. */
function signed(headerSegment: string, payloadSegment: string): string {
  const input = `${headerSegment}.${payloadSegment}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
const header = (extra = '') => b64(`{"alg":"ES256","typ":"at+jwt","kid":"k1"${extra}}`);
const payload = (value: object = claims) => b64(JSON.stringify(value));

const guardFor = () =>
  createGuard({
    issuer: ISSUER,
    jwksUri: JWKS,
    audience: API,
    now,
    fetch: async () => Response.json(jwks),
  });

async function outcome(token: string, guard = guardFor()) {
  try {
    return (await guard.verify(token)).sub;
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardError);
    return (error as LogtoGuardError).code;
  }
}

/** What jose's decoders, which the verifier used before, say about `token`. */
function joseSays(token: string) {
  try {
    const parsed = decodeProtectedHeader(token);
    try {
      return { header: parsed, payload: decodeJwt(token) };
    } catch {
      return { header: parsed, payload: 'error' };
    }
  } catch {
    return { header: 'error', payload: 'error' };
  }
}

function weSay(token: string) {
  try {
    const jws = readCompactJws(token);
    try {
      return { header: { ...jws.header }, payload: readPayload(jws) };
    } catch (error) {
      expect((error as LogtoGuardError).code).toBe('token_malformed');
      return { header: { ...jws.header }, payload: 'error' };
    }
  } catch (error) {
    expect((error as LogtoGuardError).code).toBe('token_malformed');
    return { header: 'error', payload: 'error' };
  }
}

describe('compact JWS decoding', () => {
  it('decodes every odd token exactly as jose does (or refuses it, as token_malformed)', () => {
    const h = header();
    const p = payload();
    const notUtf8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString(
      'base64url',
    );
    const cases = [
      `${h}.${p}.sig`,
      `${h}.${b64('{"name":"Zoë 🙂"}')}.sig`, // UTF-8 beyond ASCII
      `${h}.${notUtf8}.sig`, // not UTF-8: refused, never U+FFFD
      `${h}.${p}.`, // empty signature
      `${h}.${p}`, // two segments
      `${h}.${p}.a.b.c`, // five segments (JWE-shaped)
      `${h}..sig`, // empty payload
      `.${p}.sig`, // empty header
      `${h}x.${p}.sig`, // header of 4n+1 characters
      `${h}.${p}x.sig`, // payload of 4n+1 characters
      `${h}.${p.replace(/.$/, '+')}.sig`, // base64 (not base64url) characters
      `${h}.${p.replace(/.$/, '/')}.sig`,
      `${Buffer.from('{"alg":"ES256"}').toString('base64')}.${p}.sig`, // padded with "="
      `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64')}.sig`,
      `${h} .${p}.sig`, // whitespace inside
      `${h}.${p}~.sig`,
      `${b64('[1,2]')}.${p}.sig`, // JSON, not an object
      `${h}.${b64('null')}.sig`,
      `${h}.${b64('42')}.sig`,
      `${b64('{"alg":')}.${p}.sig`, // not JSON
      `${h}.${b64('{"a":1,"a":2}')}.sig`, // duplicate names: the last one, like JSON.parse in jose
      `${b64('{"alg":"ES256","n":"???>>>"}')}.${b64('{"a":"???>>>"}')}.sig`, // "-" and "_" in both segments
    ];
    expect(b64('???>>>')).toMatch(/_.*-/);
    for (const token of cases) expect(weSay(token), token).toEqual(joseSays(token));
  });

  it('keeps the last of duplicate header names, like jose (RFC 7515 §4 allows it)', async () => {
    expect(
      await outcome(signed(b64('{"alg":"ES256","typ":"JWT","kid":"k1","typ":"at+jwt"}'), payload())),
    ).toBe('user-1');
    expect(
      await outcome(signed(b64('{"alg":"ES256","typ":"at+jwt","kid":"k1","typ":"JWT"}'), payload())),
    ).toBe('invalid_typ');
    expect(
      await outcome(signed(b64('{"alg":"none","typ":"at+jwt","kid":"k1","alg":"ES256"}'), payload())),
    ).toBe('user-1');
    expect(
      await outcome(signed(b64('{"alg":"ES256","typ":"at+jwt","kid":"k1","alg":"none"}'), payload())),
    ).toBe('algorithm_not_allowed');
  });

  it('reads b64:false without crit as a plain token, and refuses it with crit', async () => {
    // Without `crit` naming it, `b64` has no effect (RFC 7797 §6); jose ignored it the same way.
    expect(await outcome(signed(header(',"b64":false'), payload()))).toBe('user-1');
    expect(await outcome(signed(header(',"b64":false,"crit":["b64"]'), payload()))).toBe('unsupported_crit');
  });

  it('refuses a signed payload that is not UTF-8 JSON of an object, before any key is fetched', async () => {
    let fetches = 0;
    const guard = createGuard({
      issuer: ISSUER,
      jwksUri: JWKS,
      audience: API,
      now,
      fetch: async () => {
        fetches += 1;
        return Response.json(jwks);
      },
    });
    const notUtf8 = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url');
    for (const body of [notUtf8, b64('[]'), b64('"iss"'), b64('{"iss":')]) {
      expect(await outcome(signed(header(), body), guard)).toBe('token_malformed');
    }
    expect(fetches).toBe(0);
    // The message names the part that failed, and is the same on jose's path (a padded segment).
    const messages = [b64('null'), `${b64('{"a":1}')}=`, b64('{"a":').replace(/=*$/, '')].map(
      async (body) => {
        const error = await guard.verify(signed(header(), body)).catch((e: unknown) => e as LogtoGuardError);
        return [(error as LogtoGuardError).code, (error as LogtoGuardError).message];
      },
    );
    for (const message of await Promise.all(messages)) {
      expect(message).toEqual(['token_malformed', 'Token payload is not a JSON object']);
    }
    const badHeader = await guard.verify(`${b64('[1]')}.${payload()}.sig`).catch((e: unknown) => e);
    expect([(badHeader as LogtoGuardError).code, (badHeader as LogtoGuardError).message]).toEqual([
      'token_malformed',
      'Token is not a well-formed JWS',
    ]);
  });

  it('refuses a signature segment with characters outside base64url, even if the rest decodes', async () => {
    const token = signed(header(), payload());
    const [h, p, s] = token.split('.') as [string, string, string];
    for (const forged of [
      `${h}.${p}.${s}=`,
      `${h}.${p}.${s.slice(0, 10)}!${s.slice(10)}`,
      `${h}.${p}.${s}A`,
    ]) {
      expect(await outcome(forged)).not.toBe('user-1');
    }
    expect(await outcome(token)).toBe('user-1');
  });

  it('never serves from its cache a token that a Bearer header could not carry', async () => {
    // A padded payload decodes (jose's path, as before) and verifies, but "=" inside the token is not an
    // RFC 6750 b64token: the guard must keep answering malformed_authorization for it.
    const padded = ['1', '12', '123']
      .map((x) => Buffer.from(JSON.stringify({ ...claims, x })).toString('base64'))
      .find((encoded) => encoded.endsWith('=')) as string;
    const token = signed(header(), padded.replace(/\+/g, '-').replace(/\//g, '_'));
    const guard = guardFor();
    for (let i = 0; i < 3; i += 1) expect(await outcome(token, guard)).toBe('user-1');
    const checked = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    expect(checked.ok ? 'ok' : checked.error.code).toBe('malformed_authorization');
  });

  it('verifies a token whose segments hold "-" and "_" (base64url, not base64)', async () => {
    const h = b64('{"alg":"ES256","typ":"at+jwt","kid":"k1","x":"???>>>"}');
    const p = payload({ ...claims, sub: 'user-???>>>' });
    expect(`${h}.${p}`).toMatch(/-.*_|_.*-/);
    expect(await outcome(signed(h, p))).toBe('user-???>>>');
  });

  it('reads the right header when tokens of two headers of the same length alternate', () => {
    const a = b64('{"alg":"ES256","typ":"at+jwt","kid":"k1"}');
    const b = b64('{"alg":"ES256","typ":"at+jwt","kid":"k2"}');
    expect(a.length).toBe(b.length);
    for (let i = 0; i < 4; i += 1) {
      expect(readCompactJws(`${a}.${payload()}.sig`).header.kid).toBe('k1');
      expect(readCompactJws(`${b}.${payload()}.sig`).header.kid).toBe('k2');
      expect(readCompactJws(`${a}.${payload()}.sig`, true).header.kid).toBe('k1');
    }
  });

  it('calls plain only three base64url segments, each of which a Bearer header can carry', () => {
    const h = header();
    const p = payload();
    for (const token of [`${h}.${p}.sig`, `${h}.${p}.`, 'a.b.c', 'A-_.0.z']) {
      expect(isPlainCompact(token), token).toBe(true);
      expect(checkBearerToken(token)).toBe(token);
    }
    for (const token of [
      `${h}.${p}`,
      `${h}.${p}.a.b.c`,
      `${h}.${p}.s=`,
      `${h}.${p}.s+/`,
      `.${p}.s`,
      `${h}..s`,
    ]) {
      expect(isPlainCompact(token), token).toBe(false);
    }
  });
});
