/**
 * The JSON Schema of a gateway rules file (draft 2020-12 subset that ajv checks). Field-level types only:
 * guard option values are checked again, and named, by `createGuard` itself.
 *
 * @module
 */

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const stringOrList = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { ...stringList, minItems: 1 },
  ],
} as const;
const headerName = { type: 'string', pattern: '^[A-Za-z0-9-]+$' } as const;

/** The methods a rule may name (`*` is every one of them). */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const policy = {
  type: 'object',
  additionalProperties: false,
  required: ['model'],
  properties: {
    model: { enum: ['global-api', 'organization', 'organization-api'] },
    scopes: stringList,
    match: { enum: ['all', 'any'] },
    audience: stringOrList,
    allowOrganizationId: { type: 'boolean' },
    organizationId: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: { param: { type: 'string', minLength: 1 }, header: headerName },
    },
  },
} as const;

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    name: { type: 'string', minLength: 1 },
    methods: {
      type: 'array',
      minItems: 1,
      items: { enum: [...HTTP_METHODS, '*'] },
    },
    path: { type: 'string', pattern: '^/' },
    public: { const: true },
    policy,
  },
} as const;

const guard = {
  type: 'object',
  additionalProperties: false,
  required: ['audience'],
  properties: {
    endpoint: { type: 'string' },
    issuer: stringOrList,
    // One JWKS URI for every issuer, or one per issuer (`{ <issuer>: <uri> }`), as `createGuard` takes it.
    jwksUri: {
      anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }],
    },
    audience: stringOrList,
    algorithms: stringList,
    requireAccessTokenType: { type: 'boolean' },
    clockTolerance: { type: 'number' },
    jwksCacheMaxAge: { type: 'number' },
    jwksCooldown: { type: 'number' },
    fetchTimeout: { type: 'number' },
    tokenCache: {
      anyOf: [
        { const: false },
        {
          type: 'object',
          additionalProperties: false,
          properties: { maxEntries: { type: 'number' }, maxAge: { type: 'number' } },
        },
      ],
    },
    allowInsecureHttp: { type: 'boolean' },
    realm: { type: 'string' },
    debug: { type: 'boolean' },
    resourceMetadata: { type: 'string' },
  },
} as const;

const listen = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
  },
} as const;

/** The whole rules file. */
export const gatewayConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['guard', 'rules'],
  properties: {
    guard,
    listen,
    operations: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...listen.properties,
        pathPrefix: { type: 'string', pattern: '^/[^?#]*[^/?#]$' },
      },
    },
    forwardAuth: {
      type: 'object',
      additionalProperties: false,
      properties: { path: { type: 'string', pattern: '^/[^?#]*[^/?#]$' } },
    },
    upstream: { type: 'string', pattern: '^https?://' },
    forwardAuthorization: { type: 'boolean' },
    unmatched: { enum: ['deny', 'allow'] },
    identityHeaders: {
      type: 'object',
      additionalProperties: false,
      properties: {
        subject: headerName,
        clientId: headerName,
        organizationId: headerName,
        scopes: headerName,
        audience: headerName,
        claims: { anyOf: [{ type: 'boolean' }, headerName] },
      },
    },
    rules: { type: 'array', items: rule },
  },
} as const;
