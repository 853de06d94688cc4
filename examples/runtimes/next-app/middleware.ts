// middleware.ts: only callers with `api:read` reach /api/admin/*, on the Edge runtime (WebCrypto only).
// A failure is answered here; a caller that passes reaches the route with its subject in a header (set
// replaces any x-auth-sub the client sent).
import { createGuard, globalApi } from 'logto-guard';
import { requireAuth } from 'logto-guard/fetch';
import { type NextRequest, NextResponse } from 'next/server';

const guard = createGuard({ endpoint: process.env.LOGTO_ENDPOINT, audience: 'https://api.example.com' });
const check = requireAuth(guard, globalApi({ scopes: ['api:read'] }));

export async function middleware(request: NextRequest) {
  const result = await check(request);
  if (!result.ok) return result.response;
  const headers = new Headers(request.headers);
  headers.set('x-auth-sub', result.auth?.sub ?? '');
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: '/api/admin/:path*' };
