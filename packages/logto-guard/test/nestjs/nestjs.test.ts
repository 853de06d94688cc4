import 'reflect-metadata';
import {
  applyDecorators,
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  type Provider,
  type Type,
  UseGuards,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthInfo,
  createGuard,
  type Guard,
  globalApi,
  LogtoGuardConfigError,
  organizationApi,
} from '../../src/core/index.js';
import {
  Auth,
  LOGTO_GUARD,
  LogtoAuthGuard,
  LogtoGuardModule,
  type LogtoGuardModuleOptions,
  Public,
  RequireAuth,
  RequireScopes,
} from '../../src/nestjs/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API, contractRoutes, runContract } from '../contract/contract.js';
import { createNestApp, listenNestApp, type NestPlatform } from '../support/nest-app.js';

/** `@Get(path)` and `@RequireAuth(policy)` of contract route `i`: the table's own policy objects. */
function contractRoute(i: number) {
  const route = contractRoutes[i];
  if (route === undefined) throw new Error(`no contract route ${i}`);
  return applyDecorators(Get(route.path), RequireAuth(route.policy));
}
const answer = (auth: AuthInfo | undefined) => ({ auth: auth ?? null });

@Controller()
class ContractController {
  @contractRoute(0) products(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
  @contractRoute(1) both(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
  @contractRoute(2) any(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
  @contractRoute(3) optional(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
  @contractRoute(4) admin(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
  @contractRoute(5) members(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
  @contractRoute(6) projects(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
  @contractRoute(7) misnamed(@Auth() auth?: AuthInfo) {
    return answer(auth);
  }
}

@Controller()
@UseGuards(LogtoAuthGuard)
class GuardedContractController extends ContractController {}

const appGuard = { provide: APP_GUARD, useClass: LogtoAuthGuard };

async function start(module: DynamicModuleClass, platform: NestPlatform = 'express') {
  return listenNestApp(await createNestApp(module, platform));
}
type DynamicModuleClass = Parameters<typeof NestFactory.create>[0];

function appModule(options: LogtoGuardModuleOptions, controller: Type, providers: Provider[] = []) {
  @Module({ imports: [LogtoGuardModule.forRoot(options)], controllers: [controller], providers })
  class AppModule {}
  return AppModule;
}

runContract(
  'nestjs (express, @UseGuards)',
  (guard) => start(appModule({ guard }, GuardedContractController)),
  {
    create: (guard) => LogtoGuardModule.forRoot({ guard, gaurd: guard } as never),
    key: 'gaurd',
    suggests: 'guard',
  },
);
runContract('nestjs (express, APP_GUARD)', (guard) =>
  start(appModule({ guard }, ContractController, [appGuard])),
);
runContract('nestjs (fastify, APP_GUARD)', (guard) =>
  start(appModule({ guard }, ContractController, [appGuard]), 'fastify'),
);

@Controller('orgs/:organizationId')
@RequireAuth(organizationApi())
@RequireScopes('read:projects')
class DecoratedController {
  @Get('projects') projects(@Auth() auth: AuthInfo) {
    return { sub: auth.sub };
  }
  @Get('settings') @RequireScopes('admin:settings') settings() {
    return {};
  }
  @Get('public') @RequireAuth(globalApi({ scopes: ['read:products'] })) global() {
    return {};
  }
}

@Controller()
class PlainController {
  @Get('health') @Public() health(@Auth() auth?: AuthInfo) {
    return { status: 'ok', auth: auth ?? null };
  }
  @Get('me') me(@Auth() auth: AuthInfo) {
    return { sub: auth.sub };
  }
}

@Controller('open')
@Public()
class PublicController {
  @Get() open() {
    return { open: true };
  }
}

const config = Symbol('config');

@Injectable()
class ConfigService {
  constructor(@Inject(config) readonly values: { endpoint: string; fetch: typeof fetch }) {}
}

describe('nestjs adapter', () => {
  let issuer: TestIssuer;
  let server: { url: string; close(): Promise<void> };
  let guardOf: () => Guard;
  const get = async (path: string, token?: string) => {
    const response = await fetch(`${server.url}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: await response.json(), headers: response.headers };
  };

  beforeAll(async () => {
    issuer = await createTestIssuer();
    @Module({
      providers: [
        { provide: config, useValue: { endpoint: issuer.endpoint, fetch: issuer.fetch } },
        ConfigService,
      ],
      exports: [ConfigService],
    })
    class ConfigModule {}
    @Module({
      imports: [
        LogtoGuardModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: async ({ values }: ConfigService) => ({ ...values, audience: API }),
        }),
      ],
      controllers: [DecoratedController, PlainController, PublicController],
      providers: [appGuard],
    })
    class AppModule {}
    const app = await createNestApp(AppModule);
    server = await listenNestApp(app);
    guardOf = () => app.get<Guard>(LOGTO_GUARD);
  });
  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  it('provides the guard made by forRootAsync under LOGTO_GUARD', () => {
    expect(guardOf().options.audiences).toEqual([API]);
  });

  it('skips @Public() handlers and controllers under a global APP_GUARD', async () => {
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok', auth: null } });
    expect(await get('/open')).toMatchObject({ status: 200, body: { open: true } });
  });

  it('requires any valid token for the audience where no policy is declared', async () => {
    expect((await get('/me')).status).toBe(401);
    expect(await get('/me', await issuer.mintApiToken(API))).toMatchObject({
      status: 200,
      body: { sub: 'user-1' },
    });
    expect((await get('/me', await issuer.mintApiToken('https://other.example.com'))).status).toBe(403);
  });

  it('applies the controller model with its @RequireScopes and gives @Auth() the caller', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] });
    expect(await get('/orgs/org-a/projects', token)).toMatchObject({ status: 200, body: { sub: 'user-1' } });
    expect((await get('/orgs/org-b/projects', token)).status).toBe(403);
  });

  it("replaces the controller's scopes with the handler's @RequireScopes", async () => {
    const reader = await issuer.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] });
    const admin = await issuer.mintOrganizationApiToken(API, 'org-a', { scopes: ['admin:settings'] });
    const denied = await get('/orgs/org-a/settings', reader);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="admin:settings"',
    );
    expect((await get('/orgs/org-a/settings', admin)).status).toBe(200);
  });

  it("uses a handler's own policy as written over the controller's model and scopes", async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
    expect((await get('/orgs/org-a/public', token)).status).toBe(200);
  });
});

describe('nestjs adapter options', () => {
  it('rejects wrong module options at creation', () => {
    expect(() => LogtoGuardModule.forRoot({ audience: API })).toThrow(LogtoGuardConfigError);
    expect(() => LogtoGuardModule.forRoot({ guard: {} as Guard })).toThrow(/options\.guard/);
    expect(() => LogtoGuardModule.forRoot(null as never)).toThrow(LogtoGuardConfigError);
    expect(() => LogtoGuardModule.forRootAsync({} as never)).toThrow(/options\.useFactory/);
  });

  it('provides a given guard as is', () => {
    const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
    const module = LogtoGuardModule.forRoot({ guard });
    expect(module).toMatchObject({ global: true, exports: [LOGTO_GUARD] });
    expect(module.providers).toEqual([{ provide: LOGTO_GUARD, useValue: guard }]);
  });

  it('rejects wrong decorator arguments when the class is defined', () => {
    expect(() => RequireScopes('read products')).toThrow(/options\.scopes/);
    expect(() => RequireAuth({} as never)).toThrow(/options\.policy/);
    expect(() => RequireAuth(organizationApi())).not.toThrow();
  });
});
