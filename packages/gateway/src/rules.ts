/**
 * The ordered rule list: each rule's path pattern compiled by find-my-way, its policy built by the core.
 * The first rule whose methods and path match decides.
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

import FindMyWay, { type HTTPMethod } from 'find-my-way';
import {
  globalApi,
  LogtoGuardConfigError,
  organizationApi,
  organizationPermissions,
  type Policy,
} from 'logto-guard';

import { GatewayConfigError } from './config/errors.js';
import { describeRule } from './config/load-config.js';
import { HTTP_METHODS } from './config/schema.js';
import type { PolicyConfig, RuleConfig } from './config/types.js';

/** The original request as a policy sees it (the organization id may come from a header). */
export interface GatewayRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A rule ready to match. */
export interface CompiledRule {
  /** `rule 2 "members" (GET /api/...)`, for logs. */
  readonly label: string;
  readonly name: string | undefined;
  /** Undefined for `public: true` rules. */
  readonly policy: Policy<GatewayRequest> | undefined;
}

/** A match: the rule and the path parameters it captured. */
export interface RuleMatch {
  rule: CompiledRule;
  params: Record<string, string | undefined>;
}

/** The compiled list; {@link RuleSet.match} returns the first matching rule. */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  match(method: string, path: string): RuleMatch | undefined;
}

function headerSource(name: string): (request: GatewayRequest) => string | undefined {
  const key = name.toLowerCase();
  // Node joins a repeated header into one string (only `set-cookie` is a list, and the core's policy refuses
  // a list as an organization id like any other value that is not the token's organization).
  return (request) => request.headers[key] as string | undefined;
}

function pathParameters(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] as string);
}

function buildPolicy(config: PolicyConfig, path: string, fail: (field: string, problem: string) => never) {
  const { model, organizationId, audience, allowOrganizationId, ...common } = config;
  if (model === 'organization' && audience !== undefined) {
    fail('policy.audience', 'does not apply to the organization model (its audience is the organization)');
  }
  if (model !== 'global-api' && allowOrganizationId !== undefined) {
    fail('policy.allowOrganizationId', 'applies to the global-api model only');
  }
  if (model === 'global-api') {
    if (organizationId !== undefined) fail('policy.organizationId', 'does not apply to the global-api model');
    return globalApi<GatewayRequest>({ ...common, audience, allowOrganizationId });
  }
  const param = organizationId === undefined ? 'organizationId' : organizationId.param;
  if (param !== undefined && !pathParameters(path).includes(param)) {
    fail(
      organizationId === undefined ? 'policy.organizationId' : 'policy.organizationId.param',
      `names the path parameter ":${param}", which "${path}" does not have`,
    );
  }
  const source = organizationId?.header === undefined ? param : headerSource(organizationId.header);
  const options = { ...common, organizationId: source };
  return model === 'organization'
    ? organizationPermissions<GatewayRequest>(options)
    : organizationApi<GatewayRequest>({ ...options, audience });
}

/**
 * Compiles `rules` in order. Everything is checked now: a rule with both or neither of `public` and
 * `policy`, an option the core refuses, a parameter the path lacks, a pattern find-my-way refuses.
 *
 * @throws {GatewayConfigError} naming `file`, the rule and the field.
 */
export function compileRules(rules: readonly RuleConfig[], file: string): RuleSet {
  const compiled = rules.map((config, index) => {
    const rule = describeRule(index, config);
    const fail = (field: string, problem: string): never => {
      throw new GatewayConfigError(file, { ruleIndex: index, rule, field }, problem);
    };
    if ((config.public === true) === (config.policy !== undefined)) {
      fail('policy', 'exactly one of "public: true" and "policy" is required');
    }
    let policy: Policy<GatewayRequest> | undefined;
    try {
      policy = config.policy === undefined ? undefined : buildPolicy(config.policy, config.path, fail);
    } catch (error) {
      if (error instanceof LogtoGuardConfigError) fail(`policy.${error.option}`, error.message);
      throw error;
    }
    const router = FindMyWay({
      ignoreTrailingSlash: false,
      ignoreDuplicateSlashes: false,
      caseSensitive: true,
    });
    const methods = (
      config.methods === undefined || config.methods.includes('*') ? HTTP_METHODS : config.methods
    ) as HTTPMethod[];
    try {
      router.on(methods, config.path, () => {});
    } catch (error) {
      fail('path', `is not a valid path pattern (${(error as Error).message})`);
    }
    const entry: CompiledRule = Object.freeze({ label: rule, name: config.name, policy });
    // Cheap pre-checks, so a long rule list costs little per rule that cannot match: the methods, and the
    // pattern's literal start (up to its first parameter or wildcard).
    const literal = /^[^:*(]*/.exec(config.path)?.[0] ?? '';
    return { entry, router, methods: new Set<string>(methods), literal };
  });
  return {
    rules: compiled.map(({ entry }) => entry),
    match(method, path) {
      // The router matches percent-decoded paths: the literal pre-check applies only to paths without `%`.
      const plain = !path.includes('%');
      for (const { entry, router, methods, literal } of compiled) {
        if (!methods.has(method) || (plain && !path.startsWith(literal))) continue;
        const found = router.find(method as HTTPMethod, path);
        if (found !== null) return { rule: entry, params: found.params };
      }
      return undefined;
    },
  };
}
