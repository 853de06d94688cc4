/**
 * The one error a rules file can fail with: it names the file, the rule and the field.
 *
 * @module
 */

/** Where in the file the mistake is. */
export interface ConfigLocation {
  /** Zero-based index of the rule, when the mistake is in one. */
  ruleIndex?: number;
  /** The rule as the message names it: `rule 3 "members" (GET /api/...)`. */
  rule?: string;
  /** Dotted path of the field inside the file or the rule (`policy.scopes`, `guard.endpoint`). */
  field?: string;
}

/**
 * A rules file that cannot be used: unreadable, not YAML/JSON, against the schema, a missing `${ENV}`,
 * or refused by `createGuard` or the router. `code` is always `ERR_GATEWAY_CONFIG`.
 *
 * @example
 * ```ts
 * try { loadGatewayConfig('gateway.yaml') } catch (err) {
 *   if (err instanceof GatewayConfigError) console.error(err.message) // gateway.yaml: rule 2 ...: policy.scope ...
 * }
 * ```
 */
export class GatewayConfigError extends Error {
  readonly code = 'ERR_GATEWAY_CONFIG';
  readonly file: string;
  readonly location: ConfigLocation;

  constructor(file: string, location: ConfigLocation, problem: string, options?: { cause?: unknown }) {
    const where = [location.rule, location.field === undefined ? undefined : `field "${location.field}"`]
      .filter((part) => part !== undefined)
      .join(', ');
    super(`${file}: ${where === '' ? '' : `${where}: `}${problem}`, options);
    this.name = 'GatewayConfigError';
    this.file = file;
    this.location = location;
  }
}
