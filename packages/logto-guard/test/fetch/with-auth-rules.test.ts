// withAuth's options are checked when the handler is made, with a message naming them.
import { expect, it } from 'vitest';
import { createGuard, globalApi, LogtoGuardConfigError } from '../../src/core/index.js';
import { withAuth } from '../../src/fetch/index.js';

it('refuses options that are not an object, naming withAuth options', () => {
  const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' });
  const make = () => withAuth(guard, globalApi(), () => new Response('ok'), 'params' as never);
  expect(make).toThrow(LogtoGuardConfigError);
  expect(make).toThrow(/^withAuth options must be an object$/);
});
