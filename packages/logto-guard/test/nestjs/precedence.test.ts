import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
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
import { createNestApp, listenNestApp } from '../support/nest-app.js';

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

describe('nestjs: the more specific declaration wins', () => {
  let issuer: TestIssuer;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    @Module({
      imports: [LogtoGuardModule.forRoot({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch })],
      controllers: [PublicController, ProtectedController],
      providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
    })
    class AppModule {}
    ({ url, close } = await listenNestApp(await createNestApp(AppModule)));
  });
  afterAll(async () => {
    await close?.();
    await issuer?.close();
  });

  const get = async (path: string, scopes?: string[]) => {
    const headers: Record<string, string> =
      scopes === undefined ? {} : { authorization: `Bearer ${await issuer.mintApiToken(API, { scopes })}` };
    return fetch(`${url}${path}`, { headers });
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
