/**
 * The playground in a real browser: headless Chromium (the Debian package, driven by playwright-core;
 * nothing downloads a browser) signs in through the dev issuer's form as two users, fills the matrix and
 * checks every cell, then saves the screenshot the README shows.
 *
 * Without /usr/bin/chromium it says so in one line and skips; with CI=1 it fails instead.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RunningDemo, startDemo } from '../../src/start.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../../../docs/playground.png', import.meta.url));
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `browser test: ${CHROMIUM} is missing (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${message}; CI must run it`);
  console.log(`${message}: skipped`);
}

/** Every route (columns) for each identity (rows), as the three models say. */
const ROUTES = [
  'protected',
  'products',
  'orders',
  'members-org-acme',
  'projects-org-acme',
  'members-org-globex',
  'projects-org-globex',
  'invitations-org-acme',
] as const;
const EXPECTED: Record<string, readonly number[]> = {
  // admin: global role api-full-access, admin of both organizations.
  'user-admin': [200, 200, 201, 200, 200, 200, 200, 201],
  // member: no global role, member of org-acme only (read:members, API read:projects there).
  'user-member': [403, 403, 403, 200, 200, 403, 403, 403],
  'm2m-full-access': [200, 200, 201, 200, 200, 403, 403, 201],
  'm2m-read-only': [403, 200, 403, 403, 403, 403, 403, 403],
  'm2m-globex-member': [403, 403, 403, 403, 403, 200, 200, 403],
  none: [401, 401, 401, 401, 401, 401, 401, 401],
};

let demo: RunningDemo;
let context: BrowserContext;
let profile: string;
let page: Page;

async function matrixRow(identity: string): Promise<number[]> {
  return Promise.all(
    ROUTES.map(async (route) =>
      Number(
        await page.getAttribute(`td[data-identity="${identity}"][data-route="${route}"]`, 'data-status'),
      ),
    ),
  );
}

async function signIn(username: string, password: string): Promise<void> {
  await page.click('#signin');
  await page.waitForSelector('input[name="username"]');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('#who');
}

async function refreshMatrix(): Promise<void> {
  await page.click('#refresh-matrix');
  await page.waitForSelector('#matrix[data-complete="true"]');
}

describe.skipIf(!hasChromium)('the playground in headless Chromium', () => {
  beforeAll(async () => {
    demo = await startDemo({ port: 0, issuerPort: 0 });
    profile = await mkdtemp(join(tmpdir(), 'playground-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context.setDefaultTimeout(20_000);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${demo.url}/playground`);
    await page.waitForSelector('#playground[data-ready="true"]');
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await demo?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('shows the error of a wrong password on the sign-in form, then signs in as admin', async () => {
    await page.click('#signin');
    await page.waitForSelector('input[name="username"]');
    await page.fill('#username', 'admin');
    await page.fill('#password', 'wrong');
    await page.click('button[type="submit"]');
    expect(await page.textContent('.error')).toBe('Wrong username or password.');
    await page.fill('#password', 'admin-password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('#who');
    expect(await page.textContent('#who')).toBe('admin');
  });

  it('fills the matrix for the admin, the M2M apps and no token', async () => {
    await refreshMatrix();
    for (const identity of ['user-admin', 'm2m-full-access', 'm2m-read-only', 'm2m-globex-member', 'none']) {
      expect({ identity, statuses: await matrixRow(identity) }).toEqual({
        identity,
        statuses: EXPECTED[identity],
      });
    }
  }, 60_000);

  it('signs out and in as the member; the member’s row follows the models, the admin’s is kept', async () => {
    await page.click('#signout');
    await page.waitForSelector('#signin');
    await signIn('member', 'member-password');
    expect(await page.textContent('#who')).toBe('member');
    await refreshMatrix();
    expect(await matrixRow('user-member')).toEqual(EXPECTED['user-member']);
    expect(await matrixRow('user-admin')).toEqual(EXPECTED['user-admin']);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000);

  it('shows one rejected request with its challenge, its decoded token and the inspect diagnosis', async () => {
    await page.selectOption('#identity', 'user-member');
    await page.selectOption('#route', 'members-org-globex');
    await page.click('#send');
    await page.waitForFunction(() => document.getElementById('diagnosis')?.textContent !== '');
    expect(await page.textContent('#status')).toBe('403');
    expect(await page.textContent('#www-authenticate')).toContain('insufficient_scope');
    const decoded = JSON.parse((await page.textContent('#decoded'))!);
    expect(decoded.claims).toMatchObject({ sub: 'user-member', aud: 'https://api.example.com' });
    expect(await page.textContent('#diagnosis')).toContain('audience');
  });
});
