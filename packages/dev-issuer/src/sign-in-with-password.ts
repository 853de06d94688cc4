/**
 * `signInWithPassword`: a minimal user agent for tests and command-line tools. It follows the dev
 * issuer's redirects with a cookie jar and submits its sign-in form, as a browser would, until the
 * issuer redirects to the app's redirect URI. The OAuth side (authorization URL, PKCE, code
 * exchange) stays with the client library you test (openid-client, a Logto SDK).
 *
 * @module
 */

/**
 * Cookies by name (the issuer's cookie paths all lie under `/oidc`).
 *
 * @example
 * ```ts
 * const jar = new CookieJar(); // share it between sign-ins to keep the issuer's session
 * ```
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * One step of the flow, kept for assertions.
 *
 * @example
 * ```ts
 * const pages = result.steps.filter((step) => step.status === 200);
 * ```
 */
export interface FlowStep {
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

/**
 * What {@link signInWithPassword} returns.
 *
 * @example
 * ```ts
 * const { callbackUrl }: SignInResult = await signInWithPassword(options);
 * ```
 */
export interface SignInResult {
  /** The URL the issuer redirected to (the app's redirect URI with `code` and `state`). */
  readonly callbackUrl: string;
  readonly steps: readonly FlowStep[];
}

/**
 * Thrown when the flow stops on a page instead of reaching the redirect URI (a wrong password: 401).
 *
 * @example
 * ```ts
 * if (error instanceof SignInFlowError && error.status === 401) console.error('wrong password');
 * ```
 */
export class SignInFlowError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
    readonly steps: readonly FlowStep[],
  ) {
    super(message);
    this.name = 'SignInFlowError';
  }
}

/**
 * Options of {@link signInWithPassword}.
 *
 * @example
 * ```ts
 * const options: SignInWithPasswordOptions = { authorizationUrl, redirectUri, username: 'admin', password: 'admin-password' };
 * ```
 */
export interface SignInWithPasswordOptions {
  /** The authorization request URL your client library built. */
  authorizationUrl: string;
  /** Where the flow ends: the first redirect starting with it is returned, not followed. */
  redirectUri: string;
  username: string;
  password: string;
  /** Keeps cookies between calls (the issuer's session); a fresh jar by default. */
  jar?: CookieJar;
}

/**
 * Opens `authorizationUrl`, signs in with `username`/`password` on the form the issuer shows, and
 * follows redirects until one leaves the issuer for `redirectUri`. Consent is skipped by the issuer.
 *
 * Does NOT run JavaScript or exchange the code: it returns the callback URL (with `code` and `state`).
 *
 * @throws {@link SignInFlowError} when a page stops the flow (wrong password: status 401).
 *
 * @example
 * ```ts
 * const { callbackUrl } = await signInWithPassword({ authorizationUrl, redirectUri, username: 'admin', password: 'admin-password' });
 * const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), { pkceCodeVerifier, expectedState });
 * ```
 */
export async function signInWithPassword(options: SignInWithPasswordOptions): Promise<SignInResult> {
  const jar = options.jar ?? new CookieJar();
  const steps: FlowStep[] = [];
  let url = options.authorizationUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.startsWith(options.redirectUri)) return { callbackUrl: url, steps };
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(body === undefined ? {} : { body }),
    });
    jar.store(response);
    steps.push({ method, url, status: response.status });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.arrayBuffer();
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const text = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(text)?.[1];
    if (response.status !== 200 || action === undefined || method === 'POST') {
      throw new SignInFlowError(
        `sign-in stopped at ${method} ${url} (${response.status})`,
        response.status,
        text,
        steps,
      );
    }
    url = new URL(action, url).href;
    method = 'POST';
    body = new URLSearchParams({ username: options.username, password: options.password }).toString();
  }
  throw new SignInFlowError('too many redirects', 0, '', steps);
}
