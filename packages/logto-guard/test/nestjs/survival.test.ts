import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NextFunction, Response } from 'express';
import { type AuthInfo, globalApi } from '../../src/core/index.js';
import { Auth, LogtoAuthGuard, LogtoGuardModule, Public, RequireAuth } from '../../src/nestjs/index.js';
import { runSurvivalContract, type StartSurvivalServer, SURVIVAL_SCOPES } from '../contract/survival.js';

const serveOn =
  (platform: 'express' | 'fastify'): StartSurvivalServer =>
  async ({ guard, timeout, routeRan }) => {
    @Controller()
    class SurvivalController {
      @Get('health') @Public() health() {
        return { ok: true };
      }
      @Get('api/products') @RequireAuth(globalApi({ scopes: SURVIVAL_SCOPES })) products(
        @Auth() auth?: AuthInfo,
      ) {
        routeRan();
        return { sub: auth?.sub };
      }
    }
    @Module({
      imports: [LogtoGuardModule.forRoot({ guard })],
      controllers: [SurvivalController],
      providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
    })
    class AppModule {}
    // A request timeout in front of the guard (Nest's guards run after the platform's middleware): it
    // answers while the guard is still checking.
    if (platform === 'express') {
      const app = await NestFactory.create(AppModule, { logger: false });
      app.use((_req: unknown, res: Response, next: NextFunction) => {
        timeout()?.then(() => res.status(504).json({ error: 'timeout' }));
        next();
      });
      await app.listen(0, '127.0.0.1');
      const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    }
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
      logger: false,
    });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (_request, reply, done) => {
        timeout()?.then(() => reply.code(504).send({ error: 'timeout' }));
        done();
      });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  };

for (const platform of ['express', 'fastify'] as const) {
  runSurvivalContract(`nestjs (${platform})`, {
    start: serveOn(platform),
    passErrors: false,
    // Nest's exception handling answers 500 for what throws while the guard sets the answer's headers.
    unwritableStatus: () => 500,
    seesSentResponse: true,
  });
}
