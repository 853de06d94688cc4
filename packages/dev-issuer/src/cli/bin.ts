#!/usr/bin/env node
/**
 * The `logto-dev-issuer` command: see {@link CLI_USAGE}.
 *
 * @example
 * ```sh
 * npx logto-dev-issuer --port 3001 --alg ES384 --config ./world.yaml
 * ```
 *
 * @module
 */
import { CLI_USAGE, runCli } from './command.js';

runCli(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  if (error instanceof TypeError) console.error(`\n${CLI_USAGE}`);
  process.exitCode = 1;
});
