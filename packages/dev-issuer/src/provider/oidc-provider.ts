/**
 * The `oidc-provider` module (internal to the package).
 *
 * @example
 * ```ts
 * const { errors }: OidcProviderModule = await loadOidcProvider();
 * ```
 */
export type OidcProviderModule = typeof import('oidc-provider');

let loading: Promise<OidcProviderModule> | undefined;

/**
 * Imports `oidc-provider` once, hiding the one warning it prints while loading on Node 20
 * ("Unsupported runtime. Use Node.js v22.x LTS"): v9 targets Node 22, and everything the dev
 * issuer uses works on Node 20.19+. Any other warning is printed as usual.
 *
 * @example
 * ```ts
 * const { default: Provider, errors } = await loadOidcProvider();
 * ```
 */
export function loadOidcProvider(): Promise<OidcProviderModule> {
  loading ??= importQuietly();
  return loading;
}

async function importQuietly(): Promise<OidcProviderModule> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}
