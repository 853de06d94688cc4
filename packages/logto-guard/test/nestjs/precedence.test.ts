import 'reflect-metadata';
import type { RunningServer } from '@logto-guard/test-support';
import { Controller, type DynamicModule, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalApi, LogtoGuardConfigError } from '../../src/core/index.js';
import {
  LogtoAuthGuard,
  LogtoGuardModule,
  Public,
  RequireAuth,
  RequireScopes,
} from '../../src/nestjs/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';
import { listenNest } from '../support/nest.js';

@Controller('open')
@Public()
class PublicController {
  @Get() open() {
    return { open: true };
  }
  @Get('admin') @RequireAuth(globalApi({ scopes: ['admin'] })) admin() {
    return { admin: true };
  }
  @Get('scoped') @RequireScopes('admin') scoped() {
    return { scoped: true };
  }
}

@Controller('closed')
@RequireAuth(globalApi({ scopes: ['admin'] }))
class ProtectedController {
  @Get() closed() {
    return { closed: true };
  }
  @Get('health') @Public() health() {
    return { health: true };
  }
}

// A base class's declarations are inherited (Nest reads class metadata through the prototype chain):
// the subclass's own declaration is the more specific one.
@Public()
class OpenBase {}

@Controller('inherited')
@RequireAuth(globalApi({ scopes: ['admin'] }))
class ProtectedSubclass extends OpenBase {
  @Get() list() {
    return { list: true };
  }
}

@RequireAuth(globalApi({ scopes: ['admin'] }))
class ProtectedBase {}

@Controller('reopened')
@Public()
class PublicSubclass extends ProtectedBase {
  @Get() list() {
    return { list: true };
  }
}

@Controller('inherited-scopes')
@RequireScopes('admin')
class ScopedSubclass extends OpenBase {
  @Get() list() {
    return { list: true };
  }
}

const CONTROLLERS = [
  PublicController,
  ProtectedController,
  ProtectedSubclass,
  PublicSubclass,
  ScopedSubclass,
];

class Config {
  constructor(readonly values: { endpoint: string; fetch: typeof fetch }) {}
}

/** The module of the guard, made by `forRoot` or by `forRootAsync` with an injected configuration. */
const modules: Array<[string, (issuer: TestIssuer) => DynamicModule]> = [
  [
    'forRoot',
    (issuer) => LogtoGuardModule.forRoot({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch }),
  ],
  [
    'forRootAsync',
    (issuer) => {
      @Module({
        providers: [
          { provide: Config, useValue: new Config({ endpoint: issuer.endpoint, fetch: issuer.fetch }) },
        ],
        exports: [Config],
      })
      class ConfigModule {}
      return LogtoGuardModule.forRootAsync({
        imports: [ConfigModule],
        inject: [Config],
        useFactory: async ({ values }: Config) => ({ ...values, audience: API }),
      });
    },
  ],
];

describe.each(modules)('nestjs (%s): the more specific declaration wins', (_name, guardModule) => {
  let issuer: TestIssuer;
  let server: RunningServer;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    @Module({
      imports: [guardModule(issuer)],
      controllers: CONTROLLERS,
      providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
    })
    class AppModule {}
    server = await listenNest(AppModule);
  });
  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  const get = async (path: string, scopes?: string[]) => {
    const headers: Record<string, string> =
      scopes === undefined ? {} : { authorization: `Bearer ${await issuer.mintApiToken(API, { scopes })}` };
    return fetch(`${server.url}${path}`, { headers });
  };

  it("protects a handler's @RequireAuth under a @Public() controller", async () => {
    expect((await get('/open')).status).toBe(200);
    const anonymous = await get('/open/admin');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect((await get('/open/admin', ['read'])).status).toBe(403);
    expect((await get('/open/admin', ['admin'])).status).toBe(200);
  });

  it("protects a handler's @RequireScopes under a @Public() controller", async () => {
    expect((await get('/open/scoped')).status).toBe(401);
    expect((await get('/open/scoped', ['read'])).status).toBe(403);
    expect((await get('/open/scoped', ['admin'])).status).toBe(200);
  });

  it("opens a handler's @Public() under a protected controller", async () => {
    expect((await get('/closed')).status).toBe(401);
    expect((await get('/closed/health')).status).toBe(200);
  });

  it('rejects anonymous calls to a controller whose own @RequireAuth extends a @Public() base', async () => {
    expect((await get('/inherited')).status).toBe(401);
    expect((await get('/inherited', ['read'])).status).toBe(403);
    expect((await get('/inherited', ['admin'])).status).toBe(200);
  });

  it('rejects anonymous calls to a controller whose own @RequireScopes extends a @Public() base', async () => {
    expect((await get('/inherited-scopes')).status).toBe(401);
    expect((await get('/inherited-scopes', ['read'])).status).toBe(403);
    expect((await get('/inherited-scopes', ['admin'])).status).toBe(200);
  });

  it('opens a controller whose own @Public() extends a protected base', async () => {
    expect((await get('/reopened')).status).toBe(200);
  });
});

describe('nestjs forRootAsync: wrong options from the factory', () => {
  it('stop the application at start-up with LogtoGuardConfigError naming the option', async () => {
    @Module({
      imports: [
        LogtoGuardModule.forRootAsync({
          useFactory: () => ({ endpoint: 'https://tenant.logto.app', audiance: API }) as never,
        }),
      ],
      controllers: [PublicController],
      providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
    })
    class AppModule {}
    const starting = NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await expect(starting).rejects.toThrow(LogtoGuardConfigError);
    await expect(starting).rejects.toThrow(/audiance/);
  });
});

describe('nestjs: @Public() and a protecting decorator at the same level', () => {
  it('is refused on one handler when the class is defined, naming the decorator', () => {
    const define = () => {
      class Mixed {
        @Public() @RequireAuth(globalApi()) both() {}
      }
      return Mixed;
    };
    expect(define).toThrow(LogtoGuardConfigError);
    expect(define).toThrow(
      'options.Public cannot be combined with @RequireAuth/@RequireScopes on the same handler (Mixed.both)',
    );
    const reversed = () => {
      class Mixed {
        @RequireScopes('admin') @Public() both() {}
      }
      return Mixed;
    };
    expect(reversed).toThrow(
      /options\.RequireScopes cannot be combined with @Public\(\) on the same handler/,
    );
  });

  it('refuses @RequireScopes() without a permission name, which would drop the scopes above it', () => {
    const adminScopes: string[] = [];
    const define = () => {
      @RequireScopes('admin')
      class Admin {
        @RequireScopes(...adminScopes) settings() {}
      }
      return Admin;
    };
    expect(define).toThrow(LogtoGuardConfigError);
    expect(define).toThrow('options.RequireScopes needs at least one permission name');
  });

  it('is refused on one class', () => {
    const define = () => {
      @Public()
      @RequireAuth(globalApi())
      class Mixed {}
      return Mixed;
    };
    expect(define).toThrow(/on the same class \(Mixed\)/);
  });
});
