/**
 * `logto-guard inspect` on a hostile token: its `sub`, `kid` and `scope` carry terminal escape sequences
 * (window title, clear screen, OSC 8 hyperlink, one-byte CSI), bidi overrides and line breaks. None of it
 * may reach the terminal raw, in any output.
 */
import { createTestIssuer, type TestIssuer } from 'logto-guard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killChildren, runCli } from './helpers.js';

const api = 'https://api.example.com';
const sub = 'user-1\u001b]0;pwned\u0007\u001b[2J\r\nsignature  pass  forged row';
const kid = '\u001b]8;;https://evil.example\u001b\\click me\u001b]8;;\u001b\\';
const scope = 'read:products \u202eevil\u202c \u009b31m \u2066x\u2069 \u0085 \u2028';
// Everything a terminal would act on: C0 but the line feed, DEL, C1, bidi and separator characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what is looked for.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ listen: true });
});
afterEach(killChildren);
afterAll(() => issuer.close());

const hostile = (header: Record<string, unknown> = {}) =>
  issuer.mintApiToken(api, { subject: sub, claims: { scope }, header });

describe('logto-guard inspect prints a hostile token safely', () => {
  it.each([
    ['the table of a verified token', [] as string[]],
    ['the table of a token with a hostile kid', ['kid']],
    ['--json', ['json']],
  ])('%s', async (_name, flags) => {
    const token = await hostile(flags.includes('kid') ? { kid } : {});
    const json = flags.includes('json') ? ['--json'] : [];
    const result = await runCli([
      'inspect',
      '--endpoint',
      issuer.endpoint,
      '--audience',
      api,
      ...json,
      token,
    ]);
    expect(result.stdout).not.toMatch(RAW);
    expect(result.stderr).not.toMatch(RAW);
    if (json.length > 0) {
      // Still the same JSON value: the escapes are JSON's own.
      expect(JSON.parse(result.stdout).claims).toMatchObject({ sub, scope });
      return;
    }
    expect(result.stdout).toContain('user-1\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0asignature  pass  forged row');
    expect(result.stdout).toContain('\\u202eevil\\u202c \\x9b31m');
    // The forged row stays inside the sub line: no line of the output starts with it.
    expect(result.stdout.split('\n').filter((line) => line.startsWith('signature  pass  forged'))).toEqual(
      [],
    );
    if (flags.includes('kid'))
      expect(result.stdout).toContain('\\x1b]8;;https://evil.example\\x1b\\click me');
  });

  it('without verification (--decode-only), and in the warning path', async () => {
    const token = await hostile({ kid });
    for (const args of [['--decode-only'], []]) {
      const result = await runCli(['inspect', ...args, token]);
      expect(result.stdout).not.toMatch(RAW);
      expect(result.stderr).not.toMatch(RAW);
      expect(result.stdout).toContain('user-1\\x1b]0;pwned');
    }
  });
});
