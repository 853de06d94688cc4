/**
 * The `logto-dev-issuer` process: see {@link devIssuerUsage}.
 *
 * @example
 * ```sh
 * npx logto-dev-issuer --port 3001 --alg ES384 --config ./world.yaml
 * ```
 *
 * @module
 */
import { runDevIssuerCommand } from './command.js';

process.exitCode = await runDevIssuerCommand(process.argv.slice(2));
