import 'reflect-metadata';
import { applyDecorators, Controller, Get, Module, Req } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Guard, ResourceMetadataOptions } from '../../src/core/index.js';
import {
  LogtoAuthGuard,
  LogtoGuardModule,
  RequireAuth,
  ResourceMetadataModule,
} from '../../src/nestjs/index.js';
import { contractRoutes, runMetadataContract } from '../contract/contract.js';
import { createNestApp, listenNestApp } from '../support/nest-app.js';

// One handler per contract route, declared in a loop: the table's own policy objects on `@RequireAuth`.
class ContractController {}
const prototype = ContractController.prototype as unknown as Record<string, unknown>;
contractRoutes.forEach((route, i) => {
  const name = `route${i}`;
  prototype[name] = (request: { auth?: unknown }) => ({ auth: request.auth ?? null });
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
  applyDecorators(Get(route.path), RequireAuth(route.policy))(prototype, name, descriptor);
  Req()(prototype, name, 0);
});
Controller()(ContractController);

function serve(platform: 'express' | 'fastify') {
  return async (guard: Guard, options: ResourceMetadataOptions) => {
    @Module({
      imports: [LogtoGuardModule.forRoot({ guard }), ResourceMetadataModule.forRoot(options)],
      controllers: [ContractController],
      providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
    })
    class AppModule {}
    return listenNestApp(await createNestApp(AppModule, platform));
  };
}

runMetadataContract('nestjs (express)', serve('express'));
runMetadataContract('nestjs (fastify)', serve('fastify'));
