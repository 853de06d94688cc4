// Type-level tests of the core, compiled by `tsc` (never executed).
import { expectTypeOf } from 'expect-type';
import {
  type AuthInfo,
  type AuthInfoJson,
  type ClaimsCheck,
  createGuard,
  type ErrorBody,
  type ErrorResponse,
  extractBearerToken,
  type FailureEvent,
  type FailureToken,
  type Guard,
  type GuardInput,
  type GuardKeySetState,
  type GuardOptions,
  type GuardOutcome,
  globalApi,
  LogtoGuardError,
  type LogtoGuardErrorCode,
  type LogtoGuardFailure,
  type OrganizationApiPolicy,
  organizationApi,
  organizationPermissions,
  type PermissionError,
  type PermissionErrorCode,
  type Policy,
  TokenError,
  type TokenErrorCode,
} from '../src/core/index.js';
import { GUARD_OPTION_KEYS } from '../src/core/options.js';

export function coreTypes() {
  const guard = createGuard({ endpoint: 'https://t.logto.app', audience: 'https://api.example.com' });
  expectTypeOf(guard.verify('t')).toEqualTypeOf<Promise<AuthInfo>>();
  expectTypeOf(guard.check({ authorization: undefined, request: {} }, globalApi())).toEqualTypeOf<
    Promise<GuardOutcome>
  >();
  // Key-set state: read-only snapshots; warm-up resolves with them.
  expectTypeOf(guard.keySets()).toEqualTypeOf<readonly GuardKeySetState[]>();
  expectTypeOf(guard.warmUp()).toEqualTypeOf<Promise<readonly GuardKeySetState[]>>();
  const [keySet] = guard.keySets();
  if (keySet !== undefined) {
    expectTypeOf(keySet.loaded).toEqualTypeOf<boolean>();
    expectTypeOf(keySet.lastFailure?.code).toEqualTypeOf<
      'jwks_unavailable' | 'discovery_failed' | undefined
    >();
    // @ts-expect-error the snapshot is read-only
    keySet.loaded = true;
  }

  const auth = {} as AuthInfo;
  expectTypeOf(auth.organizationId).toEqualTypeOf<string | null>();
  expectTypeOf(auth.toJSON()).toEqualTypeOf<AuthInfoJson>();
  expectTypeOf(auth.claims.scope).toEqualTypeOf<string | undefined>();

  // The organization source is typed by the framework request it reads.
  const byHeader = organizationApi({
    organizationId: (req: { headers: Record<string, string> }) => req.headers.org,
  });
  expectTypeOf(byHeader).toEqualTypeOf<OrganizationApiPolicy<{ headers: Record<string, string> }>>();
  expectTypeOf(byHeader).toMatchTypeOf<Policy<{ headers: Record<string, string> }>>();

  // @ts-expect-error algorithms are a closed list: HS256 is not one
  createGuard({ endpoint: 'https://t.logto.app', audience: 'x', algorithms: ['HS256'] });
  // @ts-expect-error audience is required
  createGuard({ endpoint: 'https://t.logto.app' });
  // @ts-expect-error scopes are an array
  globalApi({ scopes: 'read:products' });
  // @ts-expect-error match is all or any
  organizationPermissions({ match: 'some' });

  const code = '' as LogtoGuardErrorCode;
  switch (code) {
    case 'missing_authorization':
    case 'unsupported_scheme':
    case 'malformed_authorization':
    case 'token_malformed':
    case 'algorithm_not_allowed':
    case 'invalid_typ':
    case 'missing_kid':
    case 'unsupported_crit':
    case 'unknown_key':
    case 'invalid_signature':
    case 'invalid_issuer':
    case 'token_expired':
    case 'token_not_yet_valid':
    case 'invalid_claim':
    case 'insufficient_scope':
    case 'audience_mismatch':
    case 'organization_mismatch':
    case 'organization_id_not_allowed':
    case 'claim_check_failed':
    case 'jwks_unavailable':
    case 'discovery_failed':
    case 'organization_id_unavailable':
      return;
    default:
      // Exhaustive: a new code without a case here fails to compile.
      expectTypeOf(code).toEqualTypeOf<never>();
  }
}

// Narrowing an outcome's error by `kind` narrows its `code` (a union of error classes, as in jose).
export async function errorNarrowing(guard: Guard) {
  const outcome = await guard.check({ authorization: undefined, request: {} }, globalApi());
  if (outcome.ok) return;
  expectTypeOf(outcome.error).toEqualTypeOf<LogtoGuardFailure>();
  if (outcome.error.kind === 'permission') {
    expectTypeOf(outcome.error).toEqualTypeOf<PermissionError>();
    expectTypeOf(outcome.error.code).toEqualTypeOf<PermissionErrorCode>();
  }
  if (outcome.error.kind === 'unavailable') {
    expectTypeOf(outcome.error.code).toEqualTypeOf<'jwks_unavailable' | 'discovery_failed'>();
  }
  const error: unknown = outcome.error;
  if (error instanceof TokenError) expectTypeOf(error.code).toEqualTypeOf<TokenErrorCode>();
  // @ts-expect-error the base class is abstract: failures are created as one of its kinds
  new LogtoGuardError('token', 'token_expired', 'x');
}

// The building blocks of a custom adapter (README, "Write your own adapter") are the guard's methods.
export async function customAdapterBlocks(guard: Guard, request: { url: string }) {
  const input: GuardInput<{ url: string }> = { authorization: 'Bearer x', params: { id: '1' }, request };
  const outcome = await guard.check(input, organizationApi({ organizationId: 'id' }));
  if (!outcome.ok) {
    expectTypeOf(outcome.response).toEqualTypeOf<ErrorResponse>();
    expectTypeOf(outcome.response.body).toEqualTypeOf<ErrorBody>();
    expectTypeOf(guard.render(outcome.error)).toEqualTypeOf<ErrorResponse>();
  } else {
    expectTypeOf(outcome.auth).toEqualTypeOf<AuthInfo | undefined>();
  }
  expectTypeOf(extractBearerToken).parameters.toEqualTypeOf<
    [string | readonly string[] | null | undefined]
  >();
  expectTypeOf(extractBearerToken).returns.toEqualTypeOf<string>();
  // @ts-expect-error the request object of the input must be the policy's request type
  guard.check({ authorization: undefined, request: 1 }, organizationApi<{ url: string }>());
}

// checkClaims may be asynchronous (a database lookup); it must answer a boolean or a promise of one.
export function asyncClaimChecks() {
  globalApi({ checkClaims: async (claims) => claims.sub === 'admin' });
  globalApi({ checkClaims: (claims) => claims.sub === 'admin' });
  expectTypeOf<ClaimsCheck<unknown>>().returns.toEqualTypeOf<boolean | Promise<boolean>>();
  // @ts-expect-error a check answering a string (truthy) is not a check
  globalApi({ checkClaims: async () => 'yes' });
  // @ts-expect-error nor one that forgets to answer
  globalApi({ checkClaims: () => undefined });
}

// An organization read from a header, as frameworks type it (`string | string[] | undefined`), compiles.
export function headerOrganization() {
  organizationApi({
    organizationId: (req: { headers: Record<string, string | string[] | undefined> }) =>
      req.headers['x-organization-id'],
  });
}

// The list of known option keys is exactly the options interface: a new option must be added to both.
export function knownOptionKeys() {
  expectTypeOf<(typeof GUARD_OPTION_KEYS)[number]>().toEqualTypeOf<keyof GuardOptions>();
  // @ts-expect-error misspelled options are also type errors
  createGuard({ endpoint: 'https://t.logto.app', audience: 'x', clockTolerence: 5 });
  // @ts-expect-error `scope` is not a policy option: `scopes` is
  globalApi({ scope: ['api:read'] });
}

// onFailure receives a union narrowed by `type`.
export function failureEvents() {
  createGuard({
    endpoint: 'https://t.logto.app',
    audience: 'x',
    onFailure: (event) => {
      expectTypeOf(event).toEqualTypeOf<FailureEvent>();
      if (event.type === 'request') {
        expectTypeOf(event.status).toEqualTypeOf<number>();
        expectTypeOf(event.token).toEqualTypeOf<FailureToken | undefined>();
      }
    },
  });
}
