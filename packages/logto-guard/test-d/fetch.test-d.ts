/** Type-level tests of `logto-guard/fetch`, checked by `tsc` only; nothing here runs. */
import { expectTypeOf } from 'expect-type';
import {
  type AuthInfo,
  type Guard,
  globalApi,
  type LogtoGuardFailure,
  organizationApi,
} from '../src/core/index.js';
import { type FetchAuthResult, type RouteParams, requireAuth, withAuth } from '../src/fetch/index.js';

declare const guard: Guard;

export async function checker(request: Request) {
  const check = requireAuth(guard, globalApi({ scopes: ['read:products'] }));
  expectTypeOf(check).toEqualTypeOf<(request: Request, params?: RouteParams) => Promise<FetchAuthResult>>();
  const result = await check(request);
  if (result.ok) {
    expectTypeOf(result.auth).toEqualTypeOf<AuthInfo | undefined>();
  } else {
    expectTypeOf(result.response).toEqualTypeOf<Response>();
    expectTypeOf(result.error).toEqualTypeOf<LogtoGuardFailure>();
  }
}

export function wrappers() {
  const plain = withAuth(guard, globalApi(), (request, auth) => {
    expectTypeOf(request).toEqualTypeOf<Request>();
    expectTypeOf(auth).toEqualTypeOf<AuthInfo | undefined>();
    return Response.json({ auth });
  });
  expectTypeOf(plain).toEqualTypeOf<(request: Request) => Promise<Response>>();

  // Next.js 15: the second argument carries the params as a promise.
  type NextContext = { params: Promise<{ organizationId: string }> };
  const GET = withAuth(
    guard,
    organizationApi({ scopes: ['read:projects'] }),
    async (_request, auth, _ctx: NextContext) => Response.json({ auth }),
    { params: (_request, ctx) => ctx.params },
  );
  expectTypeOf(GET).toEqualTypeOf<(request: Request, ctx: NextContext) => Promise<Response>>();

  // A Request subclass (like NextRequest) is kept for the handler and the policy functions.
  class AppRequest extends Request {
    readonly tenant = 'org-a';
  }
  const tenant = withAuth(
    guard,
    organizationApi({ organizationId: (request: AppRequest) => request.tenant }),
    (request: AppRequest) => Response.json({ tenant: request.tenant }),
  );
  expectTypeOf(tenant).toEqualTypeOf<(request: AppRequest) => Promise<Response>>();
}

export function wrongArguments() {
  const handler = () => new Response();
  // @ts-expect-error params is a function of the request and the runtime's arguments
  withAuth(guard, globalApi(), handler, { params: { organizationId: 'org-a' } });
  // @ts-expect-error the handler must return a Response
  withAuth(guard, globalApi(), () => 'text');
  // @ts-expect-error a policy, not policy options
  requireAuth(guard, { scopes: ['read:products'] });
  // @ts-expect-error a policy written for a framework's request type
  requireAuth(guard, globalApi<{ params: Record<string, string> }>({ checkClaims: (_c, r) => !!r.params }));
}
