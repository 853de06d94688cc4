import { organizationApi } from 'logto-guard';
import { withAuth } from 'logto-guard/fetch';
import { type Context, guard } from '../../../../../lib/guard';

type Params = { organizationId: string };
const params = (_request: Request, context: Context<Params>) => context.params;

export const GET = withAuth(
  guard,
  organizationApi({ scopes: ['read:projects'] }),
  (_request, auth) => Response.json({ auth }),
  { params },
);

export const POST = withAuth(
  guard,
  organizationApi({ scopes: ['write:projects'] }),
  (_request, auth) => Response.json({ created: true, by: auth?.sub }, { status: 201 }),
  { params },
);
