// oidc-provider's own refresh_token grant and its helpers, which the package does not export (no
// `exports` map, so the files can be imported). Logto forks this grant for organization tokens; the
// dev issuer wraps it instead (see grants/refresh-token.ts).
declare module 'oidc-provider/lib/actions/grants/refresh_token.js' {
  import type { KoaContextWithOIDC, Provider } from 'oidc-provider';

  export const handler: (
    provider: Provider,
    helpers: Record<string, unknown>,
    ctx: KoaContextWithOIDC,
  ) => Promise<void>;
  export const parameters: Set<string>;
}

declare module 'oidc-provider/lib/helpers/grants.js' {
  type Helper = (provider: unknown, ...args: never[]) => unknown;
  export const validateGrant: Helper;
  export const validateDpop: Helper;
  export const checkDpopReplay: Helper;
  export const checkDpopRequired: Helper;
  export const applyAuthorizationDetails: Helper;
  export const buildTokenResponse: Helper;
}
