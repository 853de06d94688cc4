// @nestjs/swagger: `@RequireAuth`/`@RequireScopes` routes are documented with their security and 401/403
// responses without any other annotation, in a real Nest app on 127.0.0.1 (platform-express and
// platform-fastify), and the documented answers are the ones the app gives.
import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiOkResponse, ApiResponse, ApiSecurity, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  globalApi,
  organizationApi,
  organizationPermissions,
} from '../../src/core/index.js';
import {
  LOGTO_GUARD,
  LogtoAuthGuard,
  LogtoGuardModule,
  Public,
  RequireAuth,
  RequireScopes,
  withLogtoSecurity,
} from '../../src/nestjs/index.js';
import { SWAGGER_METADATA } from '../../src/nestjs/openapi.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { createNestApp, listenNestApp } from '../support/nest.js';
import { expectValidOpenApi, operationScopes } from '../support/openapi-validator.js';

const API = 'https://api.example.com';

@Controller('api')
class ShopController {
  @Get('products')
  @RequireAuth(globalApi({ scopes: ['read:products'] }))
  products() {
    return { products: [] };
  }

  // Declared above the route decorators: the order of decorators does not matter.
  @RequireAuth(globalApi({ scopes: ['write:orders'] }))
  @Post('orders')
  @HttpCode(202)
  order() {
    return { accepted: true };
  }

  @Get('any')
  @RequireAuth(globalApi({ scopes: ['api:read', 'api:write'], match: 'any' }))
  any() {
    return {};
  }

  @Get('optional')
  @RequireAuth(globalApi({ optional: true }))
  optional() {
    return {};
  }

  @Get('described')
  @ApiOkResponse({ description: 'The catalogue' })
  @RequireAuth(globalApi({ scopes: ['read:products'] }))
  described() {
    return {};
  }

  @Get('health')
  @Public()
  health() {
    return { ok: true };
  }
}

@Controller('orgs/:organizationId')
@RequireAuth(organizationApi())
class OrganizationController {
  @Get('projects')
  @RequireScopes('read:projects')
  projects() {
    return {};
  }

  @Get('members')
  @RequireAuth(organizationPermissions({ scopes: ['read:members'] }))
  members() {
    return {};
  }

  @Get('status')
  @Public()
  status() {
    return {};
  }
}

@Controller('plain')
class PlainController {
  @Get()
  plain() {
    return {};
  }
}

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { $ref?: string; description?: string }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { flows?: Record<string, { scopes: Record<string, string> }> }>;
    schemas: Record<string, { required: string[]; properties: Record<string, unknown> }>;
    responses: Record<string, unknown>;
  };
};

const unauthorized = { $ref: '#/components/responses/LogtoGuardUnauthorized' };
const forbidden = { $ref: '#/components/responses/LogtoGuardForbidden' };

it("writes the metadata under the keys of @nestjs/swagger's own @ApiSecurity and @ApiResponse", () => {
  class Probe {
    probe() {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Probe.prototype, 'probe') as PropertyDescriptor;
  ApiSecurity('probe', ['scope'])(Probe.prototype, 'probe', descriptor);
  ApiResponse({ status: 418, description: 'probe' })(Probe.prototype, 'probe', descriptor);
  expect(Reflect.getMetadata(SWAGGER_METADATA.security, Probe.prototype.probe)).toEqual([
    { probe: ['scope'] },
  ]);
  expect(Reflect.getMetadata(SWAGGER_METADATA.responses, Probe.prototype.probe)).toMatchObject({
    418: { description: 'probe' },
  });
});

for (const platform of ['express', 'fastify'] as const) {
  describe(`@nestjs/swagger document of a Nest app (platform-${platform})`, () => {
    let issuer: TestIssuer;
    let url: string;
    let document: Document;
    let close: () => Promise<void>;

    beforeAll(async () => {
      issuer = await createTestIssuer();
      const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
      @Module({
        imports: [LogtoGuardModule.forRoot({ guard })],
        controllers: [ShopController, OrganizationController, PlainController],
        providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
      })
      class AppModule {}
      const app = await createNestApp(AppModule, platform);
      const config = new DocumentBuilder().setTitle('Shop API').setVersion('1.0.0').build();
      document = withLogtoSecurity(SwaggerModule.createDocument(app, config), app.get<Guard>(LOGTO_GUARD), {
        flows: ['clientCredentials', 'authorizationCode'],
      }) as unknown as Document;
      ({ url, close } = await listenNestApp(app));
    });
    afterAll(async () => {
      await close?.();
      await issuer?.close();
    });

    it('is a valid OpenAPI document for a real validator', async () => {
      await expectValidOpenApi(document);
    });

    it("gives each @RequireAuth/@RequireScopes operation its route's scopes", () => {
      const { paths } = document;
      expect(operationScopes(paths['/api/products']?.get)).toEqual([['read:products']]);
      expect(operationScopes(paths['/api/orders']?.post)).toEqual([['write:orders']]);
      expect(operationScopes(paths['/api/any']?.get)).toEqual([['api:read'], ['api:write']]);
      expect(paths['/api/optional']?.get?.security).toEqual([{ logto: [] }, { bearerAuth: [] }, {}]);
      expect(operationScopes(paths['/orgs/{organizationId}/projects']?.get)).toEqual([['read:projects']]);
      expect(operationScopes(paths['/orgs/{organizationId}/members']?.get)).toEqual([['read:members']]);
      expect(paths['/api/products']?.get?.security).toContainEqual({ bearerAuth: ['read:products'] });
    });

    it('documents 401 and 403 beside the success response (its own description kept)', () => {
      const { paths } = document;
      expect(paths['/api/products']?.get?.responses).toEqual({
        '200': { description: '' },
        '401': unauthorized,
        '403': forbidden,
      });
      expect(paths['/api/orders']?.post?.responses).toEqual({
        '202': { description: '' },
        '401': unauthorized,
        '403': forbidden,
      });
      expect(paths['/api/described']?.get?.responses).toEqual({
        '200': { description: 'The catalogue' },
        '401': unauthorized,
        '403': forbidden,
      });
    });

    it('gives @Public routes and routes without a declaration no security and no 401/403', () => {
      const { paths } = document;
      for (const operation of [
        paths['/api/health']?.get,
        paths['/orgs/{organizationId}/status']?.get,
        paths['/plain']?.get,
      ]) {
        expect(operation?.security).toBeUndefined();
        expect(Object.keys(operation?.responses ?? {})).toEqual(['200']);
      }
    });

    it('refuses an unknown option of withLogtoSecurity, naming the nearest known one', () => {
      const guard = createGuard({ endpoint: issuer.endpoint, audience: API });
      expect(() => withLogtoSecurity(document, guard, { flow: ['authorizationCode'] } as never)).toThrow(
        'unknown option `flow`; did you mean `flows`?',
      );
    });

    it('adds the security schemes with both flows and the scopes of every operation', () => {
      const { logto, bearerAuth } = document.components.securitySchemes;
      expect(Object.keys(logto?.flows ?? {})).toEqual(['clientCredentials', 'authorizationCode']);
      expect(Object.keys(logto?.flows?.authorizationCode?.scopes ?? {}).sort()).toEqual([
        'api:read',
        'api:write',
        'read:members',
        'read:products',
        'read:projects',
        'write:orders',
      ]);
      expect(bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    });

    it('answers 401 and 403 with bodies of the documented error schema', async () => {
      const schema = document.components.schemas.LogtoGuardError;
      const noToken = await fetch(`${url}/api/products`);
      const token = await issuer.mintApiToken(API, { scopes: ['api:read'] });
      const noScope = await fetch(`${url}/api/products`, { headers: { authorization: `Bearer ${token}` } });
      expect([noToken.status, noScope.status]).toEqual([401, 403]);
      for (const body of [await noToken.json(), await noScope.json()]) {
        expect(Object.keys(body)).toEqual(expect.arrayContaining(schema?.required ?? ['missing schema']));
        for (const key of Object.keys(body)) expect(Object.keys(schema?.properties ?? {})).toContain(key);
      }
    });
  });
}
