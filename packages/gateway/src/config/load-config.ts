/**
 * Reads a rules file (YAML or JSON): parse → `${ENV}` substitution → JSON Schema (ajv) → defaults.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';

import { type ConfigLocation, GatewayConfigError } from './errors.js';
import { gatewayConfigSchema } from './schema.js';
import { MissingVariableError, substituteEnv } from './substitute-env.js';
import { DEFAULT_IDENTITY_HEADERS, type GatewayConfig, type RuleConfig } from './types.js';

const validate = new Ajv({
  // All errors, so a misspelled field is reported before the "required" it causes (see firstProblem).
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
  // `${PORT}` substitutes a string: "8080" must count as the number it spells (and "true" as true).
  coerceTypes: true,
}).compile(gatewayConfigSchema);

/** How messages name rule `index` (1-based, with its name and route when it has them). */
export function describeRule(index: number, rule: unknown): string {
  const { name, methods, path } = (typeof rule === 'object' && rule !== null ? rule : {}) as RuleConfig;
  const route =
    typeof path === 'string' ? ` (${Array.isArray(methods) ? methods.join(',') : '*'} ${path})` : '';
  return `rule ${index + 1}${typeof name === 'string' ? ` "${name}"` : ''}${route}`;
}

/** Turns a path inside the file into the rule it is in and the field within. */
export function locate(document: unknown, path: readonly (string | number)[]): ConfigLocation {
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const rule = (document as { rules: unknown[] }).rules[path[1]];
    const field = path.slice(2).join('.');
    return {
      ruleIndex: path[1],
      rule: describeRule(path[1], rule),
      ...(field === '' ? {} : { field }),
    };
  }
  return path.length === 0 ? {} : { field: path.join('.') };
}

function schemaProblem(error: ErrorObject): { path: (string | number)[]; problem: string } {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replaceAll('~1', '/').replaceAll('~0', '~')));
  const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(parent?.properties ?? {}).join(', ');
      path.push(String(error.params.additionalProperty));
      return { path, problem: `is not a known field (known: ${known})` };
    }
    case 'required':
      path.push(String(error.params.missingProperty));
      return { path, problem: 'is required' };
    case 'enum':
      return { path, problem: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { path, problem: `must be ${JSON.stringify(error.params.allowedValue)}` };
    default:
      // ajv writes a message for every keyword it reports.
      return { path, problem: error.message as string };
  }
}

/** Parses and checks a rules file's text; `file` names it in errors. See {@link loadGatewayConfig}. */
export function parseGatewayConfig(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): GatewayConfig {
  // yaml's defaults: duplicate keys are errors, and errors name their line and column.
  const document = parseDocument(text);
  const [syntaxError] = document.errors;
  if (syntaxError !== undefined) {
    const problem = syntaxError.message.split('\n')[0];
    throw new GatewayConfigError(file, {}, `is not valid YAML or JSON: ${problem}`);
  }
  const parsed: unknown = document.toJS();
  let data: unknown;
  try {
    data = substituteEnv(parsed, env);
  } catch (error) {
    // substituteEnv throws nothing else.
    const missing = error as MissingVariableError;
    throw new GatewayConfigError(file, locate(parsed, missing.path), missing.message);
  }
  if (!validate(data)) {
    // Set whenever validation fails.
    const errors = validate.errors as ErrorObject[];
    const first = errors.find((error) => error.keyword === 'additionalProperties') ?? errors[0];
    const { path, problem } = schemaProblem(first as ErrorObject);
    throw new GatewayConfigError(file, locate(data, path), problem);
  }
  const config = data as unknown as Partial<GatewayConfig> & Pick<GatewayConfig, 'guard' | 'rules'>;
  return {
    guard: config.guard,
    listen: { host: '127.0.0.1', port: 8080, ...config.listen },
    operations: { host: '127.0.0.1', pathPrefix: '/_gateway', ...config.operations },
    forwardAuth: { path: '/auth', ...config.forwardAuth },
    ...(config.upstream === undefined ? {} : { upstream: config.upstream }),
    forwardAuthorization: config.forwardAuthorization ?? true,
    unmatched: config.unmatched ?? 'deny',
    identityHeaders: { ...DEFAULT_IDENTITY_HEADERS, ...config.identityHeaders },
    rules: config.rules,
  };
}

/**
 * Reads the rules file at `file`. `${NAME}` in values is replaced by `env.NAME` (default
 * `process.env`); `${NAME:-default}` gives a default.
 *
 * Does NOT create the guard or compile the rules (see `createDecider`): this checks the file's shape only.
 *
 * @throws {GatewayConfigError} naming the file, the rule and the field.
 * @example
 * ```ts
 * const config = loadGatewayConfig('gateway.yaml')
 * ```
 */
export function loadGatewayConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new GatewayConfigError(file, {}, `cannot be read (${(cause as NodeJS.ErrnoException).code})`, {
      cause,
    });
  }
  return parseGatewayConfig(text, file, env);
}
