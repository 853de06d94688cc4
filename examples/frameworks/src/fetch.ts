// A Next.js-style route handler file; the same functions serve Bun.serve, Deno.serve and Workers.
import { createGuard, globalApi, organizationApi, organizationPermissions } from 'logto-guard';
import { withAuth } from 'logto-guard/fetch';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });

// app/api/products/route.ts
export const GET = withAuth(guard, globalApi({ scopes: ['read:products'] }), (_request, auth) =>
  Response.json({ auth }),
);

// app/api/organizations/[organizationId]/members/route.ts: params come from the framework's context.
type Context = { params: Promise<{ organizationId: string }> };
export const getMembers = withAuth(
  guard,
  organizationPermissions({ scopes: ['read:members'] }),
  (_request, auth, _context: Context) => Response.json({ auth }),
  { params: (_request, context) => context.params },
);

// app/api/organizations/[organizationId]/projects/route.ts
export const getProjects = withAuth(
  guard,
  organizationApi({ scopes: ['read:projects'] }),
  (_request, auth, _context: Context) => Response.json({ auth }),
  { params: (_request, context) => context.params },
);
