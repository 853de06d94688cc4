/**
 * `@logto-guard/dev-issuer/cli`: the dev issuer's command line, for the commands that wrap it
 * (`logto-guard dev`), and the flag parsing they share.
 *
 * @example
 * ```ts
 * import { runDevIssuerCommand } from '@logto-guard/dev-issuer/cli';
 *
 * process.exitCode = await runDevIssuerCommand(process.argv.slice(2), { name: 'my-tool dev' });
 * ```
 *
 * @module
 */
export { type BannerOptions, describeDevIssuer } from './banner.js';
export {
  type CommandIo,
  type DevIssuerCommandLine,
  type DevIssuerCommandOptions,
  devIssuerUsage,
  parseDevIssuerArgs,
  runDevIssuerCommand,
} from './command.js';
export { CommandLineError, type FlagOptions, integerFlag, type ParsedFlags, parseFlags } from './flags.js';
export { findFreePortNear } from './free-port.js';
