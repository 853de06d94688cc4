import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyDecorators, Controller, Get, Module, Req } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Guard, ResourceMetadataOptions } from '../../src/core/index.js';
import {
  LogtoAuthGuard,
  LogtoGuardModule,
  RequireAuth,
  ResourceMetadataModule,
} from '../../src/nestjs/index.js';
import { contractRoutes, runMetadataContract } from '../contract/contract.js';

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
    const app =
      platform === 'express'
        ? await NestFactory.create(AppModule, { logger: false })
        : await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  };
}

runMetadataContract('nestjs (express)', serve('express'));
runMetadataContract('nestjs (fastify)', serve('fastify'));
