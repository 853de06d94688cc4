/**
 * Real nginx (auth_request, the shipped config) in front of the guide's FastAPI app, the gateway as its
 * check, tokens from the dev issuer; then the same table through the gateway's reverse-proxy mode.
 */
import { type DevIssuer, startDevIssuer } from '@logto-guard/dev-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectCases, issueTokens, type Tokens } from './cases.js';
import { type Child, startFastApi, startGateway, startNginx } from './processes.js';
import { canRun } from './requirements.js';

// Real processes on a shared machine: generous ceilings, no timing assertions.
describe.skipIf(!canRun)('gateway end to end: nginx, FastAPI, dev issuer', { timeout: 90_000 }, () => {
  let issuer: DevIssuer;
  let tokens: Tokens;
  let backend: string;
  const children: Child[] = [];

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
    tokens = await issueTokens(issuer);
    const fastapi = await startFastApi();
    children.push(fastapi.child);
    backend = fastapi.url;
  }, 90_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => child.terminate()));
    await issuer?.close();
  });

  it('answers the table through nginx auth_request', async () => {
    const gateway = await startGateway({ LOGTO_ENDPOINT: issuer.url });
    children.push(gateway.child);
    const nginx = await startNginx([gateway.port], backend);
    children.push(nginx.child);
    await expectCases(nginx.url, tokens);
  });

  it('answers the same table as a reverse proxy, without nginx', async () => {
    const gateway = await startGateway({ LOGTO_ENDPOINT: issuer.url }, ['--upstream', backend]);
    children.push(gateway.child);
    await expectCases(gateway.url, tokens);
  });

  it('answers 503 with Retry-After and the JSON body through nginx when the keys cannot be had', async () => {
    // A token of an issuer that then stops: its `iss` is the gateway's, and nothing answers there any
    // more, so discovery and JWKS fail (a token of another issuer is refused before any fetch).
    const gone = await startDevIssuer({ port: 0 });
    const token = (await issueTokens(gone)).global;
    await gone.close();
    const gateway = await startGateway({ LOGTO_ENDPOINT: gone.url });
    children.push(gateway.child);
    const nginx = await startNginx([gateway.port], backend);
    children.push(nginx.child);
    const response = await fetch(`${nginx.url}/api/protected`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: 'Authorization server unavailable' });
    const ready = await fetch(`${gateway.url}/_gateway/readyz`);
    expect(ready.status).toBe(503);
  });
});
