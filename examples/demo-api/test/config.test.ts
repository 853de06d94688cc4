import { describe, expect, it } from 'vitest';

import { DemoConfigError, readConfig } from '../src/config.js';

const messageOf = (env: Record<string, string>): string => {
  try {
    readConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(DemoConfigError);
    return (error as Error).message;
  }
  throw new Error('readConfig accepted the environment');
};

describe('readConfig', () => {
  it('defaults to the local issuer on 3001, the API on 127.0.0.1:3000, https://api.example.com', () => {
    expect(readConfig({})).toEqual({
      logtoEndpoint: undefined,
      apiResource: 'https://api.example.com',
      port: 3000,
      host: '127.0.0.1',
      issuerPort: 3001,
      allowInsecureHttp: false,
    });
  });

  it('reads every variable; empty ones count as unset', () => {
    expect(
      readConfig({
        LOGTO_ENDPOINT: 'https://tenant.logto.app/',
        API_RESOURCE: 'https://demo.test/api',
        PORT: '0',
        HOST: '0.0.0.0',
        LOGTO_DEV_ISSUER_PORT: '',
        LOGTO_ALLOW_INSECURE_HTTP: 'true',
      }),
    ).toEqual({
      logtoEndpoint: 'https://tenant.logto.app',
      apiResource: 'https://demo.test/api',
      port: 0,
      host: '0.0.0.0',
      issuerPort: 3001,
      allowInsecureHttp: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a port number from 0 to 65535 (0 picks a free port), got "abc"'],
    [{ PORT: '70000' }, 'PORT must be a port number from 0 to 65535 (0 picks a free port), got "70000"'],
    [
      { LOGTO_DEV_ISSUER_PORT: '-1' },
      'LOGTO_DEV_ISSUER_PORT must be a port number from 0 to 65535 (0 picks a free port), got "-1"',
    ],
    [
      { LOGTO_ENDPOINT: 'tenant.logto.app' },
      'LOGTO_ENDPOINT must be the http(s) URL of your Logto, e.g. https://your-tenant.logto.app, got "tenant.logto.app"',
    ],
    [
      { LOGTO_ENDPOINT: 'https://tenant.logto.app/oidc' },
      'LOGTO_ENDPOINT is the endpoint without "/oidc" (the issuer is <endpoint>/oidc): set LOGTO_ENDPOINT=https://tenant.logto.app',
    ],
    [
      { API_RESOURCE: 'api' },
      'API_RESOURCE must be the API resource indicator registered in Logto (an absolute URI without #fragment, such as https://api.example.com), got "api"',
    ],
    [
      { API_RESOURCE: 'https://api.example.com/#v1' },
      'API_RESOURCE must be the API resource indicator registered in Logto (an absolute URI without #fragment, such as https://api.example.com), got "https://api.example.com/#v1"',
    ],
    [{ LOGTO_ALLOW_INSECURE_HTTP: 'yes' }, 'LOGTO_ALLOW_INSECURE_HTTP must be true or false, got "yes"'],
  ])('rejects %o', (env, message) => {
    expect(messageOf(env)).toBe(message);
  });
});
