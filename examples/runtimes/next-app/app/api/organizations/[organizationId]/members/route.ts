import { organizationPermissions } from 'logto-guard';
import { withAuth } from 'logto-guard/fetch';
import { type Context, guard } from '../../../../../lib/guard';

type Params = { organizationId: string };

export const GET = withAuth(
  guard,
  organizationPermissions({ scopes: ['read:members'] }),
  (_request, auth, _context: Context<Params>) => Response.json({ auth }),
  { params: (_request, context) => context.params },
);
