/**
 * Type tests of `logto-guard/nestjs`, checked by `tsc` only (nothing here runs).
 */
import { Controller, type DynamicModule, Get, Inject, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { expectTypeOf } from 'expect-type';
import type { Request as ExpressRequest } from 'express';
import type { FastifyRequest } from 'fastify';
import { type AuthInfo, type Guard, globalApi, organizationApi } from '../src/core/index.js';
import {
  Auth,
  LOGTO_GUARD,
  LogtoAuthGuard,
  LogtoGuardModule,
  Public,
  RequireAuth,
  RequireScopes,
  type RouteDecorator,
  withLogtoSecurity,
} from '../src/nestjs/index.js';

declare const guard: Guard;

// Decorators: on a class or a handler; RequireAuth takes a core policy, RequireScopes the names.
expectTypeOf(RequireAuth(globalApi())).toEqualTypeOf<RouteDecorator>();
expectTypeOf(RequireScopes('read:projects', 'write:projects')).toEqualTypeOf<RouteDecorator>();
expectTypeOf(Public()).toEqualTypeOf<RouteDecorator>();
expectTypeOf(Auth).toEqualTypeOf<() => ParameterDecorator>();
expectTypeOf<RouteDecorator>().toExtend<ClassDecorator>();
expectTypeOf<RouteDecorator>().toExtend<MethodDecorator>();

// @ts-expect-error RequireAuth takes a policy, not its options
RequireAuth({ scopes: ['read:products'] });
// @ts-expect-error RequireScopes takes the names as arguments
RequireScopes(['read:projects']);
// @ts-expect-error a scope is a string
RequireScopes('read:projects', 1);
// @ts-expect-error Public takes nothing
Public(true);
// @ts-expect-error Auth takes nothing
Auth('sub');

// Any platform's policy is accepted: the request type is the policy function's parameter type.
RequireAuth(organizationApi<ExpressRequest>({ organizationId: (req) => req.header('x-organization-id') }));
RequireAuth(organizationApi({ organizationId: (req: FastifyRequest) => req.hostname }));
// @ts-expect-error an unannotated request is unknown
RequireAuth(organizationApi({ organizationId: (req) => req.headers }));

// Module: guard options or a guard; the async factory can inject.
expectTypeOf(LogtoGuardModule.forRoot({ guard })).toEqualTypeOf<DynamicModule>();
LogtoGuardModule.forRoot({ endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' });
// @ts-expect-error audience is required
LogtoGuardModule.forRoot({ endpoint: 'https://tenant.logto.app' });
// @ts-expect-error guard must be a Guard
LogtoGuardModule.forRoot({ guard: 'guard' });

@Injectable()
class ConfigService {
  readonly endpoint = 'https://tenant.logto.app';
}
LogtoGuardModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService) => ({ endpoint: config.endpoint, audience: 'https://api.example.com' }),
});
LogtoGuardModule.forRootAsync({ useFactory: async () => ({ guard }) });
// @ts-expect-error the factory returns guard options or { guard }
LogtoGuardModule.forRootAsync({ useFactory: () => 42 });

// The guard.
expectTypeOf<LogtoAuthGuard['canActivate']>().returns.toEqualTypeOf<Promise<boolean>>();

// Decorated controller: @Auth() on a parameter; the guard injectable by its token.
@Controller('orgs/:organizationId')
@RequireAuth(organizationApi())
class ProjectsController {
  constructor(@Inject(LOGTO_GUARD) readonly logto: Guard) {}

  @Get('projects')
  @RequireScopes('read:projects')
  list(@Auth() auth: AuthInfo) {
    return auth.scopes;
  }
}
expectTypeOf<ProjectsController['logto']>().toEqualTypeOf<Guard>();

// withLogtoSecurity: takes the document of SwaggerModule.createDocument and gives back the same type.
declare const swaggerDocument: OpenAPIObject;
expectTypeOf(withLogtoSecurity(swaggerDocument, guard)).toEqualTypeOf<OpenAPIObject>();
expectTypeOf(
  withLogtoSecurity(swaggerDocument, guard, { flows: ['authorizationCode'] }),
).toEqualTypeOf<OpenAPIObject>();
// @ts-expect-error only Logto's two flows
withLogtoSecurity(swaggerDocument, guard, { flows: ['implicit'] });
