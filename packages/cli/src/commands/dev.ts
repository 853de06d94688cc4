/**
 * `logto-guard dev`: the dev issuer's own command line (`@logto-guard/dev-issuer/cli`: flags, banner,
 * signals, exit codes), under this command's name and with this command's suggestions in the banner.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runDevIssuerCommand } from '@logto-guard/dev-issuer/cli';
import type { Io } from '../io.js';

/**
 * How the user can call `logto-guard` from their shell: bare when it is on their PATH; `npx
 * logto-guard` when npm put it on the PATH only for this run (npx, npm scripts) or it is not on the
 * PATH at all (a project-local install).
 *
 * @example
 * ```ts
 * commandPrefix(process.env) // 'npx logto-guard' under npx
 * ```
 */
export function commandPrefix(env: Readonly<Record<string, string | undefined>>): string {
  if (env.npm_command !== undefined) return 'npx logto-guard';
  const names = process.platform === 'win32' ? ['logto-guard.cmd', 'logto-guard.exe'] : ['logto-guard'];
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && names.some((name) => existsSync(join(dir, name))));
  return onPath ? 'logto-guard' : 'npx logto-guard';
}

/**
 * Runs `logto-guard dev`; resolves with the dev issuer command's exit code (0 stopped by a signal, 1
 * cannot listen, 2 usage error or bad world file). The banner suggests `logto-guard token` and
 * `inspect` as the user can type them.
 *
 * @example
 * ```ts
 * const code = await devCommand(['--port', '0'], io) // resolves after SIGTERM
 * ```
 */
export function devCommand(argv: readonly string[], io: Io): Promise<number> {
  return runDevIssuerCommand(argv, {
    name: 'logto-guard dev',
    io,
    tryCommands(issuer) {
      const app = issuer.world.applications[0];
      const resource = issuer.world.resources[0];
      if (app === undefined || resource === undefined) return [];
      const cli = commandPrefix(io.env);
      return [
        `TOKEN=$(${cli} token --endpoint ${issuer.url} --client-id ${app.id} --client-secret ${app.secret} --resource ${resource.indicator} --scope '${resource.permissions.join(' ')}')`,
        `${cli} inspect --endpoint ${issuer.url} --audience ${resource.indicator} "$TOKEN"`,
      ];
    },
  });
}
