/**
 * Swagger UI at /docs in a real browser: "Authorize" gets a client-credentials token from the local
 * issuer (through the demo's /docs/token relay), or signs a seeded user in through the issuer's sign-in
 * form (authorization code with PKCE), and "Try it out" calls a protected route with the token.
 *
 * Without /usr/bin/chromium it says so in one line and skips; with CI=1 it fails instead.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RunningDemo, startDemo } from '../../src/start.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `Swagger UI browser test: ${CHROMIUM} is missing (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${message}; CI must run it`);
  console.log(`${message}: skipped`);
}

let demo: RunningDemo;
let context: BrowserContext;
let profile: string;
let page: Page;

const products = () =>
  page.locator('#operations-default-get_api_products, .opblock-get:has-text("/api/products")').first();

/**
 * Expands `GET /api/products`, runs it with "Try it out" and returns the status Swagger UI shows for
 * this very request (it waits for the API's answer, then for Swagger UI to show that status).
 */
async function tryProducts(): Promise<number> {
  const operation = products();
  if (!(await operation.locator('.try-out__btn').isVisible()))
    await operation.locator('.opblock-summary').first().click();
  await operation.locator('.try-out__btn').click();
  const [answer] = await Promise.all([
    page.waitForResponse((response) => new URL(response.url()).pathname === '/api/products'),
    operation.locator('.execute').click(),
  ]);
  const status = operation
    .locator('.live-responses-table .response .response-col_status', { hasText: String(answer.status()) })
    .first();
  await status.waitFor();
  const value = Number.parseInt((await status.textContent()) ?? '', 10);
  await operation.locator('.try-out__btn').click(); // "Cancel", for the next run
  return value;
}

/** The "Authorize" dialog's section of one flow of the `logto` scheme. */
const flowSection = (flow: 'clientCredentials' | 'authorizationCode') =>
  page.locator('.dialog-ux .auth-container', { has: page.locator('h4', { hasText: `OAuth2, ${flow}` }) });
const AUTHORIZE = 'button[aria-label="Apply given OAuth2 credentials"]';
const LOGOUT = 'button[aria-label="Remove authorization"]';

describe.skipIf(!hasChromium)('Swagger UI at /docs in headless Chromium', () => {
  beforeAll(async () => {
    demo = await startDemo({ port: 0, issuerPort: 0 });
    profile = await mkdtemp(join(tmpdir(), 'swagger-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
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
    await page.goto(`${demo.url}/docs/`);
    await page.waitForSelector('.opblock');
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await demo?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('answers 401 to "Try it out" before "Authorize"', async () => {
    expect(await tryProducts()).toBe(401);
  });

  it('"Authorize" gets a client-credentials token from the local issuer; "Try it out" then answers 200', async () => {
    await page.click('.auth-wrapper .authorize');
    await page.fill('#client_id_clientCredentials', 'm2m-read-only');
    await page.fill('#client_secret_clientCredentials', 'm2m-read-only-secret');
    await page.click('label[for="read:products-clientCredentials-checkbox-logto"]');
    await flowSection('clientCredentials').locator(AUTHORIZE).click();
    // Swagger UI shows "Logout" once the token endpoint answered with a token.
    await flowSection('clientCredentials').locator(LOGOUT).waitFor();
    await page.click('.dialog-ux .close-modal');
    expect(await tryProducts()).toBe(200);
  }, 60_000);

  it('"Authorize" with the authorization-code flow signs a seeded user in at the issuer; "Try it out" then answers 200', async () => {
    // Log out of the machine token first: the next 200 can only come from the user's token.
    await page.click('.auth-wrapper .authorize');
    const logout = page.locator(`.dialog-ux ${LOGOUT}`);
    while ((await logout.count()) > 0) await logout.first().click();
    await page.click('.dialog-ux .close-modal');
    expect(await tryProducts()).toBe(401);

    await page.click('.auth-wrapper .authorize');
    const section = flowSection('authorizationCode');
    expect(await section.locator('#client_id_authorizationCode').inputValue()).toBe('swagger-ui');
    await page.click('label[for="read:products-authorizationCode-checkbox-logto"]');
    const [signIn] = await Promise.all([context.waitForEvent('page'), section.locator(AUTHORIZE).click()]);
    const closed = signIn.waitForEvent('close');
    // The issuer's own sign-in form, in the window Swagger UI opened.
    await signIn.waitForSelector('input[name="username"]');
    expect(new URL(signIn.url()).origin).toBe(new URL(demo.devIssuer!.url).origin);
    await signIn.fill('#username', 'reader');
    await signIn.fill('#password', 'reader-password');
    await signIn.click('button[type="submit"]');
    // Back on /docs/oauth2-redirect.html, which hands the code to Swagger UI and closes the window; Swagger
    // UI then exchanges the code (with its PKCE verifier) and shows "Logout".
    await closed;
    await section.locator(LOGOUT).waitFor();
    await page.click('.dialog-ux .close-modal');
    expect(await tryProducts()).toBe(200);
    const body = await products()
      .locator('.live-responses-table .response-col_description pre')
      .first()
      .textContent();
    expect(JSON.parse(body ?? '{}').auth).toMatchObject({ sub: 'user-reader', scopes: ['read:products'] });
  }, 60_000);
});
