import { describe, expect, it } from 'vitest';
import { AuthInfo, createGuard, type Guard, globalApi } from '../../src/core/index.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const claims = () => ({
  iss: 'https://tenant.logto.app/oidc',
  sub: 'user-1',
  client_id: 'app-1',
  aud: [API],
  exp: 2_000_000_000,
  iat: 1_000_000_000,
  scope: 'read:products',
  profile: { roles: ['reader'], nested: { level: 1 } },
});

/** Tries to change `auth` every way a handler could, swallowing the TypeErrors of strict mode. */
function tamper(auth: AuthInfo): void {
  const attempts: Array<() => void> = [
    () => (auth.scopeSet as Set<string>).add('admin'),
    () => (auth.scopeSet as Set<string>).clear(),
    () => Set.prototype.add.call(auth.scopeSet, 'admin'),
    () => (auth.scopes as string[]).push('admin'),
    () => (auth.audience as string[]).push('https://other.example.com'),
    () => Object.assign(auth.claims, { scope: 'admin', sub: 'admin' }),
    () => (auth.claims.aud as string[]).push('https://other.example.com'),
    () => ((auth.claims as unknown as { profile: { roles: string[] } }).profile.roles[0] = 'admin'),
    () => Object.assign(auth, { sub: 'admin', organizationId: 'org-a' }),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
    } catch {
      // A frozen object or a missing method: what we want.
    }
  }
}

describe('AuthInfo', () => {
  it('is deeply frozen: claims, nested claims, scopes, audience and the scope set cannot change', () => {
    const auth = new AuthInfo(claims());
    tamper(auth);
    expect(auth.sub).toBe('user-1');
    expect([...auth.scopeSet]).toEqual(['read:products']);
    expect(auth.scopeSet.has('admin')).toBe(false);
    expect(auth.scopes).toEqual(['read:products']);
    expect(auth.audience).toEqual([API]);
    expect(auth.claims).toEqual(claims());
    expect(Object.isFrozen((auth.claims as unknown as { profile: { nested: object } }).profile.nested)).toBe(
      true,
    );
  });

  it('has a scope set that reads like a Set but has no add, delete or clear', () => {
    const auth = new AuthInfo({ ...claims(), scope: 'a b' });
    expect(auth.scopeSet.size).toBe(2);
    expect([...auth.scopeSet.keys()]).toEqual(['a', 'b']);
    expect([...auth.scopeSet.entries()]).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
    const seen: string[] = [];
    auth.scopeSet.forEach((name) => {
      seen.push(name);
    });
    expect(seen).toEqual(['a', 'b']);
    expect([...auth.scopeSet.values()]).toEqual(['a', 'b']);
    expect('add' in auth.scopeSet).toBe(false);
    expect(auth.scopeSet).not.toBeInstanceOf(Set);
  });

  it('answers the same with many scopes and with duplicates', () => {
    const names = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const many = new AuthInfo({ ...claims(), scope: ` ${names.join('  ')} s3 ` });
    expect(Object.isFrozen(many.scopeSet)).toBe(true);
    expect(many.scopes).toEqual([...names, 's3']);
    expect(many.scopeSet.has('s19')).toBe(true);
    expect(many.scopeSet.has('s20')).toBe(false);
    expect(many.scopeSet.size).toBe(20);
    expect([...many.scopeSet]).toEqual(names);
    tamper(many);
    expect(many.scopeSet.has('admin')).toBe(false);
    expect(many.scopeSet.size).toBe(20);

    const few = new AuthInfo({ ...claims(), scope: 'a b a' });
    expect(few.scopeSet.has('a')).toBe(true);
    expect(few.scopeSet.has('')).toBe(false);
    expect(few.scopeSet.size).toBe(2);
    expect([...few.scopeSet]).toEqual(['a', 'b']);
    const none = new AuthInfo({ ...claims(), scope: '' });
    expect(none.scopeSet.size).toBe(0);
    expect(none.scopeSet.has('')).toBe(false);
  });
});

describe('AuthInfo of the odd but valid token', () => {
  it('has no scopes when the token has no scope claim (Logto omits it when none is granted)', () => {
    const { scope: _, ...withoutScope } = claims();
    const auth = new AuthInfo(withoutScope);
    expect(auth.scopes).toEqual([]);
    expect(auth.scopeSet.size).toBe(0);
    expect(auth.toJSON().scopes).toEqual([]);
  });

  it('has no scopes, rather than a crash, when built by hand from claims whose scope is not a string', () => {
    // The verifier refuses such a token (invalid_claims); AuthInfo is public and may be built by hand.
    const auth = new AuthInfo({ ...claims(), scope: ['admin'] as unknown as string });
    expect(auth.scopes).toEqual([]);
    expect(auth.scopeSet.has('admin')).toBe(false);
  });

  it('freezes claims holding JSON null, at the top and nested, and keeps them null', () => {
    const auth = new AuthInfo({ ...claims(), extra: null, list: [null, 'x'], deep: { value: null } });
    const read = auth.claims as unknown as { extra: null; list: unknown[]; deep: { value: null } };
    expect(read.extra).toBeNull();
    expect(read.list).toEqual([null, 'x']);
    expect(read.deep.value).toBeNull();
    expect(Object.isFrozen(read.list)).toBe(true);
    expect(Object.isFrozen(read.deep)).toBe(true);
  });

  it('takes the organization from organization_id, else from an organization audience string', () => {
    const org = 'urn:logto:organization:org-1';
    expect(new AuthInfo({ ...claims(), aud: org }).organizationId).toBe('org-1');
    expect(new AuthInfo({ ...claims(), aud: API, organization_id: 'org-2' }).organizationId).toBe('org-2');
    expect(new AuthInfo({ ...claims(), aud: API }).organizationId).toBeNull();
    // An audience list is never read as an organization token (Logto's carry one string).
    expect(new AuthInfo({ ...claims(), aud: [org] }).organizationId).toBeNull();
    expect(new AuthInfo({ ...claims(), aud: [org] }).audience).toEqual([org]);
  });
});

describe('the cached AuthInfo of a token', () => {
  it('cannot be changed by one request to grant the next one more', async () => {
    const issuer = await createTestIssuer();
    try {
      const guard: Guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
      const admin = globalApi({ scopes: ['admin'] });
      const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
      const input = { authorization: `Bearer ${token}`, request: {} };
      // The token is cached from its second verification on: tamper with what three requests get.
      for (let i = 0; i < 3; i += 1) {
        const outcome = await guard.check(input, globalApi({ scopes: ['read:products'] }));
        if (!outcome.ok || outcome.auth === undefined) throw new Error('expected a caller');
        tamper(outcome.auth);
      }
      const outcome = await guard.check(input, admin);
      expect(outcome.ok).toBe(false);
      expect(outcome.error?.code).toBe('insufficient_scope');
    } finally {
      await issuer.close();
    }
  });
});
