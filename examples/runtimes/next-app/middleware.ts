// Protects a path prefix on the Edge runtime (WebCrypto only): a failure is answered here, a caller that
// passes reaches the route with its subject in a request header.
import { globalApi } from 'logto-guard';
import { requireAuth } from 'logto-guard/fetch';
import { type NextRequest, NextResponse } from 'next/server';
import { guard, SIGNATURE_PATH_HEADER } from './lib/guard';

const check = requireAuth(guard, globalApi({ scopes: ['api:read'] }));

export async function middleware(request: NextRequest) {
  const result = await check(request);
  if (!result.ok) return result.response;
  const headers = new Headers(request.headers);
  headers.set('x-auth-sub', result.auth?.sub ?? '');
  return NextResponse.next({ request: { headers }, headers: SIGNATURE_PATH_HEADER });
}

export const config = { matcher: '/api/admin/:path*' };
