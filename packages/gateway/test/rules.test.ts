// Rule matching: first match wins, methods and patterns as find-my-way reads them.
import { describe, expect, it } from 'vitest';

import { compileRules } from '../src/rules.js';

const rules = compileRules(
  [
    { name: 'one', methods: ['GET'], path: '/api/items/special', public: true },
    { name: 'param', methods: ['GET', 'POST'], path: '/api/items/:id', policy: { model: 'global-api' } },
    { name: 'wild', path: '/api/*', policy: { model: 'global-api', scopes: ['x'] } },
    { name: 'org', path: '/orgs/:organizationId/members', policy: { model: 'organization' } },
  ],
  'gateway.yaml',
);
const nameOf = (method: string, path: string) => rules.match(method, path)?.rule.name;

describe('rules', () => {
  it('takes the first rule whose methods and path match', () => {
    expect(nameOf('GET', '/api/items/special')).toBe('one');
    expect(nameOf('POST', '/api/items/special')).toBe('param');
    expect(nameOf('DELETE', '/api/items/special')).toBe('wild');
    expect(nameOf('GET', '/api/other')).toBe('wild');
    expect(rules.match('GET', '/api/items/42')?.params).toEqual({ id: '42' });
    expect(rules.match('GET', '/orgs/acme/members')?.params).toEqual({ organizationId: 'acme' });
  });

  it('matches nothing for other paths, methods and cases', () => {
    expect(nameOf('GET', '/apix')).toBeUndefined();
    expect(nameOf('GET', '/API/items/1')).toBeUndefined();
    expect(nameOf('BREW', '/api/items/1')).toBeUndefined();
    expect(nameOf('GET', '/orgs/acme/members/')).toBeUndefined();
  });

  it('matches a percent-encoded path by its decoded form, as the router does', () => {
    // A backend decodes `%70` to `p`: the rule for the decoded path must apply, never be skipped.
    expect(nameOf('GET', '/%61pi/items/special')).toBe('one');
    expect(nameOf('GET', '/api/items/%73pecial')).toBe('one');
    expect(nameOf('GET', '/%6Frgs/acme/members')).toBe('org');
  });
});
