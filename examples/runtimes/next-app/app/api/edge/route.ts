// A route handler on the Edge runtime, where middleware.ts runs too: reports the signature path there.
import { globalApi } from 'logto-guard';
import { withAuth } from 'logto-guard/fetch';
import { guard, SIGNATURE_PATH_HEADER } from '../../../lib/guard';

export const runtime = 'edge';

export const GET = withAuth(guard, globalApi({ scopes: ['api:read'] }), (_request, auth) =>
  Response.json({ auth }, { headers: SIGNATURE_PATH_HEADER }),
);
