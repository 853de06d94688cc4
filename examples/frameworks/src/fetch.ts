// app/api/organizations/[organizationId]/projects/route.ts: a Next.js route handler file. Next.js serves
// the exports named after HTTP methods (GET, POST, ...); Bun.serve, Deno.serve and Workers take the same
// handlers, with the route parameters from your router.
import { createGuard, organizationApi } from 'logto-guard';
import { withAuth } from 'logto-guard/fetch';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });

// The organization is the route's [organizationId] segment, which Next.js passes in the context.
type Context = { params: Promise<{ organizationId: string }> };
const params = (_request: Request, context: Context) => context.params;

export const GET = withAuth(
  guard,
  organizationApi({ scopes: ['read:projects'] }),
  (_request, auth) => Response.json({ organization: auth?.organizationId, projects: [] }),
  { params },
);

export const POST = withAuth(
  guard,
  organizationApi({ scopes: ['write:projects'] }),
  async (request, auth) => Response.json({ project: await request.json(), by: auth?.sub }, { status: 201 }),
  { params },
);
