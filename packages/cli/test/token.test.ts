/**
 * `logto-guard token` against the dev issuer's real token endpoint.
 */
import { DEFAULT_API_RESOURCE, DEFAULT_APPLICATIONS } from '@logto-guard/dev-issuer';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { runCli, useDevIssuer } from './helpers.js';

const devIssuer = useDevIssuer();
const { readOnly, globexMember } = DEFAULT_APPLICATIONS;
const credentials = (app: { id: string; secret: string }, endpoint = devIssuer().url) => [
  '--endpoint',
  endpoint,
  '--client-id',
  app.id,
  '--client-secret',
  app.secret,
];

/** `logto-guard token` for the default API resource with `--scope <scope>`. */
const apiToken = (app: { id: string; secret: string }, scope: string) =>
  runCli(['token', ...credentials(app), '--resource', DEFAULT_API_RESOURCE, '--scope', scope]);

describe('logto-guard token', () => {
  it('prints the access token alone, ready for TOKEN=$(...)', async () => {
    const result = await runCli([
      'token',
      ...credentials(readOnly),
      '--resource',
      DEFAULT_API_RESOURCE,
      '--scope',
      'api:read',
      '--scope',
      'read:products',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(decodeJwt(result.stdout.trim())).toMatchObject({
      aud: DEFAULT_API_RESOURCE,
      scope: 'api:read read:products',
      client_id: readOnly.id,
    });
  });

  it('prints the whole response with --json, and accepts the issuer URL as --endpoint', async () => {
    const result = await runCli([
      'token',
      ...credentials(readOnly, devIssuer().issuer),
      '--resource',
      DEFAULT_API_RESOURCE,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  });

  it('gets an organization token with --organization', async () => {
    const result = await runCli(['token', ...credentials(globexMember), '--organization', 'org-globex']);
    expect(result.code).toBe(0);
    expect(decodeJwt(result.stdout.trim()).aud).toBe('urn:logto:organization:org-globex');
  });

  it('rejects a wrong secret: invalid_client on stderr, exit 1', async () => {
    const result = await runCli(['token', ...credentials({ id: readOnly.id, secret: 'wrong' })]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: invalid_client: .+ \(HTTP 401\)\nhint: check --client-id/);
  });

  it('rejects an organization the application is not a member of: access_denied', async () => {
    const result = await runCli(['token', ...credentials(readOnly), '--organization', 'org-acme']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: access_denied: .+ \(HTTP 403\)/);
  });

  it('rejects an unreachable endpoint with a clear message', async () => {
    const result = await runCli(['token', ...credentials({ id: 'a', secret: 'b' }, 'http://127.0.0.1:9')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: cannot reach http://127.0.0.1:9/oidc/token');
  });

  it('exits 1 without a token when none of the requested scopes is granted', async () => {
    const result = await apiToken(readOnly, 'api:write write:orders');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'error: none of the requested scopes was granted (requested: api:write write:orders); no token printed',
    );
  });

  it('exits 1 for an organization token without any requested scope (response scope "")', async () => {
    const result = await runCli([
      'token',
      ...credentials(globexMember),
      '--organization',
      'org-globex',
      '--scope',
      'invite:member',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('none of the requested scopes was granted');
  });

  it('prints the token and warns about the scopes not granted when some are', async () => {
    const result = await apiToken(readOnly, 'api:read api:write');
    expect(result.code).toBe(0);
    expect(decodeJwt(result.stdout.trim()).scope).toBe('api:read');
    expect(result.stderr).toBe('warning: not granted: api:write\n');
  });

  it('reads the client secret from LOGTO_CLIENT_SECRET, or from stdin with --client-secret -', async () => {
    const base = [
      'token',
      '--endpoint',
      devIssuer().url,
      '--client-id',
      readOnly.id,
      '--resource',
      DEFAULT_API_RESOURCE,
    ];
    const fromEnv = await runCli(base, '', { LOGTO_CLIENT_SECRET: readOnly.secret });
    expect(fromEnv.code).toBe(0);
    expect(decodeJwt(fromEnv.stdout.trim()).client_id).toBe(readOnly.id);
    const fromStdin = await runCli([...base, '--client-secret', '-'], `${readOnly.secret}\n`);
    expect(fromStdin.code).toBe(0);
    expect(decodeJwt(fromStdin.stdout.trim()).client_id).toBe(readOnly.id);
    const wrongOnStdin = await runCli([...base, '--client-secret', '-'], 'wrong\n');
    expect(wrongOnStdin.stderr).toMatch(/^error: invalid_client/);
  });

  it('rejects missing credentials and a non-https endpoint as usage errors (exit 2)', async () => {
    const missing = await runCli(['token', '--endpoint', devIssuer().url, '--client-id', readOnly.id]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'error: no client secret: neither --client-secret nor LOGTO_CLIENT_SECRET is set (--client-secret - reads it from stdin) (see logto-guard token --help)\n',
    );
    const emptyStdin = await runCli([
      'token',
      '--endpoint',
      devIssuer().url,
      '--client-id',
      readOnly.id,
      '--client-secret',
      '-',
    ]);
    expect(emptyStdin.code).toBe(2);
    expect(emptyStdin.stderr).toContain('error: no client secret: stdin is empty');
    const insecure = await runCli(['token', ...credentials(readOnly, 'http://logto.example.com')]);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain('--endpoint must use https:');
  });
});
