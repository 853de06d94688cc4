/**
 * OpenAPI 3.1 security derived from a guard and its policies: the security schemes (Logto's OAuth 2.0
 * client-credentials flow, optionally its authorization-code flow, and a bearer JWT), and per operation
 * its security requirement with the route's scopes plus the 401 and 403 answers in the renderer's body
 * shape.
 *
 * @module
 */
import type { Guard } from './guard.js';
import { checkKnownKeys, checkObject, fail, scopeNames } from './option-checks.js';
import type { Policy } from './policy.js';
import { notedScopes } from './route-registry.js';

/** Names of the schemes in `components.securitySchemes`. */
export const OPENAPI_SCHEMES = { oauth2: 'logto', bearer: 'bearerAuth' } as const;

const ERROR_SCHEMA = 'LogtoGuardError';
const RESPONSES = { 401: 'LogtoGuardUnauthorized', 403: 'LogtoGuardForbidden' } as const;

/**
 * The OAuth 2.0 flows the `logto` scheme can describe: `clientCredentials` for machine-to-machine apps,
 * `authorizationCode` for people signing in (a Logto single-page app, with PKCE).
 */
export type OpenApiFlow = 'clientCredentials' | 'authorizationCode';

const FLOWS: readonly OpenApiFlow[] = ['clientCredentials', 'authorizationCode'];

/** Options of {@link openApiComponents}. */
export interface OpenApiOptions {
  /**
   * The flows of the `logto` scheme, in this order. Default `['clientCredentials']`; add
   * `'authorizationCode'` so that people can sign in (Swagger UI's "Authorize" with PKCE).
   */
  flows?: readonly OpenApiFlow[];
  /**
   * Authorization endpoint of the `authorizationCode` flow. Default `<first issuer>/auth`, the
   * `authorization_endpoint` of Logto's discovery document (read it with `openApiEndpoints(guard)`).
   */
  authorizationUrl?: string;
  /**
   * Token endpoint of both flows. Default `<first issuer>/token`, the `token_endpoint` of Logto's
   * discovery document.
   */
  tokenUrl?: string;
  /** The scopes the flows list. Default: the union of the scopes of the routes protected with the guard. */
  scopes?: readonly string[];
  /** Descriptions of the scopes, by name; every scope of the guard's routes is listed anyway. */
  scopeDescriptions?: Readonly<Record<string, string>>;
}

const KNOWN_OPTIONS = [
  'flows',
  'authorizationUrl',
  'tokenUrl',
  'scopes',
  'scopeDescriptions',
] as const satisfies readonly (keyof OpenApiOptions)[];

/** An OpenAPI security requirement: scheme name → scopes. */
export type SecurityRequirement = Record<string, string[]>;

/** What {@link openApiOperation} gives one operation; merge it into the operation object. */
export interface OpenApiOperationSecurity {
  security: SecurityRequirement[];
  responses: Record<'401' | '403', { $ref: string }>;
}

/** The components logto-guard's operations refer to; merge them into `components`. */
export interface OpenApiComponents {
  securitySchemes: Record<string, Record<string, unknown>>;
  schemas: Record<string, Record<string, unknown>>;
  responses: Record<string, Record<string, unknown>>;
}

const errorResponse = (description: string) => ({
  description,
  headers: {
    'WWW-Authenticate': { description: 'The Bearer challenge (RFC 6750 §3)', schema: { type: 'string' } },
  },
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
});

function absoluteUrl(option: string, value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) fail(option, 'must be an absolute URL');
  return value;
}

function flowNames(value: unknown): readonly OpenApiFlow[] {
  if (!Array.isArray(value) || value.length === 0)
    fail('flows', `must be a non-empty array of ${FLOWS.join(', ')}`);
  for (const flow of value) {
    if (!FLOWS.includes(flow))
      fail('flows', `must contain only ${FLOWS.join(', ')}, got ${JSON.stringify(flow)}`);
  }
  return [...new Set(value as OpenApiFlow[])];
}

/** The `flows` object of the `logto` scheme, from checked options. */
function oauthFlows(guard: Guard, options: OpenApiOptions): Record<string, Record<string, unknown>> {
  const issuer = guard.options.issuers[0];
  const tokenUrl = absoluteUrl('tokenUrl', options.tokenUrl ?? `${issuer}/token`);
  const authorizationUrl = absoluteUrl('authorizationUrl', options.authorizationUrl ?? `${issuer}/auth`);
  const flows = options.flows === undefined ? (['clientCredentials'] as const) : flowNames(options.flows);
  const descriptions = options.scopeDescriptions ?? {};
  checkObject('scopeDescriptions', descriptions);
  const listed = options.scopes === undefined ? notedScopes(guard) : scopeNames(options.scopes);
  const scopes = Object.fromEntries(
    [...new Set([...listed, ...Object.keys(descriptions)])].map((scope) => [
      scope,
      descriptions[scope] ?? '',
    ]),
  );
  return Object.fromEntries(
    flows.map((flow) => [
      flow,
      flow === 'authorizationCode' ? { authorizationUrl, tokenUrl, scopes } : { tokenUrl, scopes },
    ]),
  );
}

/**
 * The security schemes, the error body schema and the 401/403 responses. The OAuth 2.0 scheme `logto`
 * has the flows of `options.flows` (default: `clientCredentials` only) with Logto's endpoints, and lists
 * the union of the scopes of the routes protected with `guard` so far: call it once every route is
 * declared. Wrong or unknown options throw `LogtoGuardConfigError` naming them.
 *
 * Does NOT fetch Logto's discovery document: the endpoints default to Logto's `<issuer>/auth` and
 * `<issuer>/token` (`openApiEndpoints(guard)` reads them from discovery). Does NOT say that Logto needs
 * `resource=<API>` in the token request for a JWT: OpenAPI cannot express it (see the README for Swagger
 * UI).
 *
 * @example
 * ```ts
 * const document = { openapi: '3.1.0', info, paths, components: openApiComponents(guard) }
 * openApiComponents(guard, { flows: ['clientCredentials', 'authorizationCode'] }) // people sign in too
 * ```
 */
export function openApiComponents(guard: Guard, options: OpenApiOptions = {}): OpenApiComponents {
  checkObject('', options);
  checkKnownKeys(options, KNOWN_OPTIONS);
  return {
    securitySchemes: {
      [OPENAPI_SCHEMES.oauth2]: {
        type: 'oauth2',
        description: `Logto access token for ${guard.options.audiences.join(', ')} (ask with resource=<API>)`,
        flows: oauthFlows(guard, options),
      },
      [OPENAPI_SCHEMES.bearer]: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A Logto access token (typ at+jwt) pasted as is',
      },
    },
    schemas: {
      [ERROR_SCHEMA]: {
        type: 'object',
        required: ['error'],
        properties: {
          error: { type: 'string', description: 'What failed, safe to show; never contains the token' },
          code: { type: 'string', description: 'Stable failure code (debug mode only)' },
          detail: { type: 'string', description: 'The failing check (debug mode only)' },
        },
      },
    },
    responses: {
      [RESPONSES[401]]: errorResponse('Missing, malformed or invalid access token'),
      [RESPONSES[403]]: errorResponse(
        'Valid token without the scope, audience or organization this route needs',
      ),
    },
  };
}

/** The part of an OpenAPI document {@link withOpenApiComponents} extends (any generator's type fits). */
export interface OpenApiDocumentLike {
  components?: object;
}

type ComponentMaps = Record<string, Record<string, unknown> | undefined>;

/**
 * `document` with `components` merged into its own (each of `securitySchemes`, `schemas` and `responses`
 * keeps the document's other entries). Internal: adapters reach it through the adapter kit.
 */
export function withOpenApiComponents<D extends OpenApiDocumentLike>(
  document: D,
  components: OpenApiComponents,
): D {
  const own = (document.components ?? {}) as ComponentMaps;
  return {
    ...document,
    components: {
      ...own,
      securitySchemes: { ...own.securitySchemes, ...components.securitySchemes },
      schemas: { ...own.schemas, ...components.schemas },
      responses: { ...own.responses, ...components.responses },
    },
  };
}

/**
 * The `security` and `responses` of one operation protected by `policy`: its scopes on both schemes
 * (`match: 'any'`: one alternative per scope; `optional`: anonymous allowed too), and the 401 and 403
 * responses.
 *
 * Does NOT describe the organization of organization policies: document the `organizationId` path
 * parameter yourself (it is in the path anyway).
 *
 * @example
 * ```ts
 * paths['/api/products'].get = { ...openApiOperation(products), responses: { 200: ok, ...openApiOperation(products).responses } }
 * ```
 */
export function openApiOperation(policy: Policy<never>): OpenApiOperationSecurity {
  const sets =
    policy.match === 'any' && policy.scopes.length > 1 ? policy.scopes.map((s) => [s]) : [[...policy.scopes]];
  const security = sets.flatMap((scopes): SecurityRequirement[] => [
    { [OPENAPI_SCHEMES.oauth2]: scopes },
    { [OPENAPI_SCHEMES.bearer]: [...scopes] },
  ]);
  if (policy.optional) security.push({});
  return {
    security,
    responses: {
      '401': { $ref: `#/components/responses/${RESPONSES[401]}` },
      '403': { $ref: `#/components/responses/${RESPONSES[403]}` },
    },
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** A route for {@link openApiPaths}: Express/Koa/Hono path syntax (`/orgs/:organizationId`). */
export interface OpenApiRoute {
  method: (typeof METHODS)[number];
  path: string;
  policy: Policy<never>;
  summary?: string;
}

/**
 * The OpenAPI operation name of an HTTP method as a router lists it (`GET`, `get`); undefined for one
 * OpenAPI has no operation for (`ALL`, `CONNECT`). Internal: adapters reach it through the adapter kit.
 */
export function openApiMethod(method: string): OpenApiRoute['method'] | undefined {
  const lower = method.toLowerCase();
  return METHODS.find((known) => known === lower);
}

/**
 * `paths` for routes declared elsewhere (Express, Hono, Koa): `:name` segments become `{name}` path
 * parameters, each operation gets {@link openApiOperation}'s security and responses and a `200`.
 *
 * Does NOT know request or response bodies: merge your own schemas into the operations.
 *
 * @example
 * ```ts
 * openApiPaths([{ method: 'get', path: '/api/products', policy: products }])
 * ```
 */
export function openApiPaths(routes: readonly OpenApiRoute[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const { security, responses } = openApiOperation(route.policy);
    const operation: Record<string, unknown> = {
      ...(route.summary === undefined ? {} : { summary: route.summary }),
      security,
      responses: { '200': { description: 'OK' }, ...responses },
    };
    if (names.length > 0) {
      operation.parameters = names.map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
    }
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return paths;
}
