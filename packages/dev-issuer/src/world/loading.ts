import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';

import { parse as parseYaml } from 'yaml';

import { DevIssuerConfigError } from '../errors.js';
import type { World } from './config.js';
import { validateWorldConfig } from './validation.js';

function parseText(text: string, file: string): unknown {
  const extension = extname(file).toLowerCase();
  // YAML is a superset of JSON, but JSON.parse gives the better message for a `.json` file.
  if (extension === '.json') return JSON.parse(text);
  return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
}

/**
 * Reads a world config from a JSON (`.json`) or YAML (`.yaml`, `.yml`, anything else) file and
 * validates it.
 *
 * @param file - Path of the file; relative paths resolve against the current directory.
 * @returns The validated {@link World}.
 * @throws {@link DevIssuerConfigError} naming the file when it cannot be read or parsed, or when
 * the content is invalid (then each issue names its path, e.g. `applications[1].roles[0]`).
 *
 * @example
 * ```ts
 * const world = await loadWorldFile('./dev-issuer.yaml');
 * const issuer = await startDevIssuer({ world });
 * ```
 */
export async function loadWorldFile(file: string): Promise<World> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DevIssuerConfigError(path, [{ path: '$', message: `cannot read file: ${reason}` }], { cause });
  }
  let content: unknown;
  try {
    content = parseText(text, path);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DevIssuerConfigError(path, [{ path: '$', message: `cannot parse file: ${reason}` }], { cause });
  }
  return validateWorldConfig(content, { source: path });
}
