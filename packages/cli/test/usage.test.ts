/**
 * The command line itself: help, version, and usage errors (exit 2, no stack trace).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { killChildren, runCli } from './helpers.js';

afterEach(killChildren);

describe('logto-guard usage', () => {
  it('prints help (exit 0) and the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: logto-guard <command> [options]');
    for (const command of ['inspect', 'token', 'dev']) {
      const commandHelp = await runCli(['help', command]);
      expect(commandHelp.code).toBe(0);
      expect(commandHelp.stdout).toContain(`Usage: logto-guard ${command}`);
    }
    const version = await runCli(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [[], 'Usage: logto-guard <command>'],
    [['frob'], 'error: unknown command "frob"'],
    [['inspect', '--bogus', 'x'], 'error: unknown flag --bogus, did you mean --model?'],
    [['token', '--client-secet', 'x'], 'error: unknown flag --client-secet, did you mean --client-secret?'],
    [
      ['dev', '--prot', '3001'],
      'error: unknown flag --prot, did you mean --port? (see logto-guard dev --help)',
    ],
    [
      ['inspect', '--model', 'tenant', 'x'],
      'error: --model must be one of global, organization, organization-api',
    ],
    [['inspect', '--endpoint', 'not a url', 'x'], 'error: --endpoint must be an http(s) URL'],
    [['inspect', '--endpoint', 'http://logto.example.com', 'x'], 'error: --endpoint must use https:'],
    [
      ['inspect', '--jwks-uri', 'https://a.example/jwks', 'x'],
      'error: --jwks-uri needs --endpoint or --issuer',
    ],
    [['inspect', 'a', 'b'], 'error: inspect takes one token'],
    [['inspect'], 'error: no token: the input is empty'],
    [['token', '--resource'], "error: Option '--resource <value>' argument missing"],
  ])('rejects %j with exit 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // One line: the message and where the help is.
    if (message.startsWith('error:')) expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
