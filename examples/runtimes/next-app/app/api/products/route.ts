import { globalApi } from 'logto-guard';
import { withAuth } from 'logto-guard/fetch';
import { guard, SIGNATURE_PATH_HEADER } from '../../../lib/guard';

export const GET = withAuth(guard, globalApi({ scopes: ['read:products'] }), (_request, auth) =>
  Response.json({ auth }, { headers: SIGNATURE_PATH_HEADER }),
);
