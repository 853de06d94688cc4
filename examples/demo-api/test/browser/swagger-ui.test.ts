/**
 * Swagger UI at /docs in a real browser: "Authorize" gets a client-credentials token from the local
 * issuer (through the demo's /docs/token relay), and "Try it out" calls a protected route with it.
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

/** Expands `GET /api/products`, runs it with "Try it out" and returns the status Swagger UI shows. */
async function tryProducts(): Promise<number> {
  const operation = page
    .locator('#operations-default-get_api_products, .opblock-get:has-text("/api/products")')
    .first();
  if (!(await operation.locator('.try-out__btn').isVisible()))
    await operation.locator('.opblock-summary').first().click();
  await operation.locator('.try-out__btn').click();
  await operation.locator('.execute').click();
  const status = operation.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor();
  const value = Number.parseInt((await status.textContent()) ?? '', 10);
  await operation.locator('.try-out__btn').click(); // "Cancel", for the next run
  return value;
}

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
    await page.click('button[aria-label="Apply given OAuth2 credentials"]');
    // Swagger UI shows "Logout" once the token endpoint answered with a token.
    await page.locator('.dialog-ux button', { hasText: 'Logout' }).waitFor();
    await page.click('.dialog-ux .close-modal');
    expect(await tryProducts()).toBe(200);
  }, 60_000);
});
