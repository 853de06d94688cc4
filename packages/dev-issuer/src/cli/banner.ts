import type { DevIssuer } from '../start-dev-issuer.js';

/**
 * What {@link describeDevIssuer} adds to the banner.
 *
 * @example
 * ```ts
 * const options: BannerOptions = { tryCommands: ['logto-guard inspect --endpoint http://127.0.0.1:3001 "$TOKEN"'] };
 * ```
 */
export interface BannerOptions {
  /** Commands of the wrapping tool to suggest after the `curl` token request (e.g. `logto-guard token`). */
  tryCommands?: readonly string[];
  /** Process id for the `kill -USR2` hint; omitted → no hint (e.g. on Windows, which has no SIGUSR2). */
  pid?: number;
}

/**
 * The banner printed at start: endpoints, signing key, the world's API resources, organizations and
 * development credentials, then commands to try (a `curl` token request, which needs nothing from
 * this repository, and the wrapper's own commands), the key rotation signal and how to stop.
 *
 * @example
 * ```ts
 * console.log(describeDevIssuer(issuer, { pid: process.pid }));
 * ```
 */
export function describeDevIssuer(issuer: DevIssuer, options: BannerOptions = {}): string {
  const { world } = issuer;
  const app = world.applications[0];
  const resource = world.resources[0];
  const lines = [
    `Logto dev issuer running at ${issuer.url}`,
    `  endpoint   ${issuer.url}  (the Logto endpoint: createGuard({ endpoint }), --endpoint)`,
    `  issuer     ${issuer.issuer}`,
    `  discovery  ${issuer.discoveryUrl}`,
    `  jwks       ${issuer.jwksUri}`,
    `  token      ${issuer.tokenEndpoint}`,
    `  signing   ${issuer.currentKey.alg}, kid ${issuer.currentKey.kid}`,
    'API resources:',
    ...world.resources.map((api) => `  ${api.indicator}  ${api.permissions.join(' ') || '(no permissions)'}`),
    `Organizations: ${world.organizations.map((organization) => organization.id).join(', ') || '-'}`,
    'Applications (development credentials: client id / secret):',
    ...world.applications.map((application) => {
      const organizations = application.organizations.map(
        (membership) => `${membership.id} (${membership.roles.join(', ') || 'no role'})`,
      );
      return `  ${application.id} / ${application.secret}  roles: ${application.roles.join(', ') || '-'}; organizations: ${organizations.join(', ') || '-'}`;
    }),
  ];
  const tryLines: string[] = [];
  if (app !== undefined && resource !== undefined) {
    tryLines.push(
      `curl -s -u ${app.id}:${app.secret} ${issuer.tokenEndpoint} -d grant_type=client_credentials \\`,
      `    --data-urlencode resource=${resource.indicator} --data-urlencode 'scope=${resource.permissions.join(' ')}'`,
    );
  }
  tryLines.push(...(options.tryCommands ?? []));
  if (options.pid !== undefined) {
    tryLines.push(
      `kill -USR2 ${options.pid}   # rotate the signing key (the previous key stays in the JWKS)`,
    );
  }
  if (tryLines.length > 0) lines.push('Try:', ...tryLines.map((line) => `  ${line}`));
  lines.push('Press Ctrl+C to stop.');
  return lines.join('\n');
}
