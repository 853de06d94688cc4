/**
 * `logto-guard inspect` on the classic mistakes: tokens minted by logto-guard's test issuer (served on
 * 127.0.0.1) for what a real token endpoint never issues: expired, ID tokens, `alg: none`, other domains.
 */
import { createTestIssuer, type TestIssuer } from 'logto-guard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killChildren, parseReport, row, runCli } from './helpers.js';

const api = 'https://api.example.com';
let issuer: TestIssuer;
const inspect = (...args: string[]) =>
  runCli(['inspect', '--endpoint', issuer.endpoint, '--audience', api, '--json', ...args]);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  issuer = await createTestIssuer({ listen: true });
});
afterEach(killChildren);
afterAll(() => issuer.close());

describe('logto-guard inspect explains the classic mistakes', () => {
  it('rejects an expired token and says how long ago it expired', async () => {
    const result = await inspect(await issuer.mintApiToken(api, { expiresIn: -240 }));
    expect(result.code).toBe(1);
    const report = parseReport(result);
    expect(report.code).toBe('token_expired');
    expect(row(report, 'expiry').detail).toMatch(/^expired 4 minutes ago \(/);
    expect(row(report, 'signature').status).toBe('pass');
  });

  it('accepts a token expired within the clock tolerance and says so', async () => {
    const result = await inspect(
      '--clock-tolerance',
      '60',
      await issuer.mintApiToken(api, { expiresIn: -20 }),
    );
    expect(result.code).toBe(0);
    const expiry = row(parseReport(result), 'expiry');
    expect(expiry.status).toBe('pass');
    expect(expiry.detail).toMatch(
      /^expired \d+ seconds ago \(.+\), accepted within the clock tolerance of 60 s$/,
    );
    expect(expiry.hint).toMatch(/^refused in \d+ seconds: request a new token$/);
  });

  it('names the clock tolerance when a token expired beyond it', async () => {
    const report = parseReport(await inspect(await issuer.mintApiToken(api, { expiresIn: -240 })));
    expect(row(report, 'expiry').detail).toMatch(/beyond the clock tolerance of 5 s$/);
  });

  it('says "no `typ`" for a token without typ', async () => {
    const report = parseReport(await inspect(await issuer.mintApiToken(api, { header: { typ: undefined } })));
    expect(report.code).toBe('invalid_typ');
    expect(row(report, 'typ').detail).toBe('no `typ` (an access token has typ at+jwt)');
  });

  it('rejects an ID token, names it, and still checks its signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    const idToken = await issuer.sign(
      {
        iss: issuer.issuer,
        sub: 'user-1',
        aud: 'spa-client-id',
        iat: now,
        exp: now + 3600,
        nonce: 'n',
        at_hash: 'h',
      },
      { typ: 'JWT' },
    );
    const report = parseReport(await inspect(idToken));
    expect(report).toMatchObject({ code: 'invalid_typ', kind: 'id-token' });
    expect(row(report, 'typ').detail).toBe('typ JWT: this is an ID token, not an access token');
    expect(row(report, 'typ').hint).toContain('resource=');
    expect(row(report, 'signature').detail).toContain('(checked without the typ rule)');
  });

  it('rejects an issuer from another domain and suggests --issuer', async () => {
    const jwt = await issuer.mintApiToken(api, { claims: { iss: 'https://auth.example.com/oidc' } });
    const report = parseReport(await inspect(jwt));
    expect(report.code).toBe('invalid_issuer');
    expect(row(report, 'issuer').hint).toContain(
      'issuer from another domain (auth.example.com): if it is a custom domain of your tenant, add it with --issuer https://auth.example.com/oidc',
    );
    const accepted = await inspect('--issuer', 'https://auth.example.com/oidc', jwt);
    expect(accepted.code).toBe(0);
  });

  it('rejects an unsigned token (alg none) without fetching keys for it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuer.issuer, sub: 'a', client_id: 'a', aud: api, exp: now + 60 };
    const report = parseReport(
      await inspect(`${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(claims)}.`),
    );
    expect(report.code).toBe('algorithm_not_allowed');
    expect(row(report, 'algorithm').detail).toBe('alg "none": an unsigned token');
    expect(row(report, 'signature').status).toBe('skip');
  });

  it('rejects an opaque token and says to request it with resource=', async () => {
    const result = await inspect('Xk3oT9d2QqVbN8mZr1LfYw4Hc7JsEe0uPa6GiKtRxyz');
    expect(result.code).toBe(1);
    const report = parseReport(result);
    expect(report).toMatchObject({ kind: 'opaque', code: 'token_malformed', model: null });
    expect(row(report, 'format').detail).toContain('this looks like an opaque access token');
    expect(row(report, 'format').hint).toContain('resource=<your API indicator>');
  });

  it('rejects garbage input without a stack trace', async () => {
    for (const input of ['hello world', 'a.b.c', '{"not":"a token"}', 'é.é.é']) {
      const result = await inspect(input);
      expect(result.code).toBe(1);
      expect(parseReport(result)).toMatchObject({ valid: false, kind: 'malformed' });
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reports a token as not verified without --endpoint or --issuer (exit 1), decoded with --decode-only (exit 0)', async () => {
    const jwt = await issuer.mintApiToken(api, { scopes: ['api:read'] });
    const unverified = await runCli(['inspect', '--json', jwt]);
    expect(unverified.code).toBe(1);
    expect(unverified.stderr).toContain('warning: the signature was not checked');
    expect(parseReport(unverified)).toMatchObject({ verdict: 'not-verified', fits: 'global' });
    expect(row(parseReport(unverified), 'signature').status).toBe('skip');
    const decoded = await runCli(['inspect', '--decode-only', jwt]);
    expect(decoded.code).toBe(0);
    expect(decoded.stdout).toContain('DECODED: nothing was verified (--decode-only)');
  });

  it('rejects a token whose keys cannot be fetched, naming the endpoint', async () => {
    const jwt = await issuer.mintApiToken(api);
    const result = await runCli([
      'inspect',
      '--endpoint',
      'http://127.0.0.1:9',
      '--audience',
      api,
      '--json',
      jwt,
    ]);
    expect(result.code).toBe(1);
    const report = parseReport(result);
    expect(report.code).toBe('discovery_failed');
    expect(row(report, 'signature').hint).toContain('check --endpoint');
  });
});
