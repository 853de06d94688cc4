import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NextFunction, Response } from 'express';
import type { AuthInfo } from '../../src/core/index.js';
import { Auth, LogtoAuthGuard, LogtoGuardModule, Public, RequireAuth } from '../../src/nestjs/index.js';
import { runSurvivalContract, type StartSurvivalServer } from '../contract/survival.js';
import { listenNest, type NestPlatform } from '../support/nest.js';

const serveOn =
  (platform: NestPlatform): StartSurvivalServer =>
  async ({ guard, policy, timeout, routeRan }) => {
    @Controller()
    class SurvivalController {
      @Get('health') @Public() health() {
        return { ok: true };
      }
      @Get('api/products') @RequireAuth(policy) products(@Auth() auth?: AuthInfo) {
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
    return listenNest(AppModule, platform, (app) => {
      if (platform === 'express') {
        app.use((_req: unknown, res: Response, next: NextFunction) => {
          timeout()?.then(() => res.status(504).json({ error: 'timeout' }));
          next();
        });
        return;
      }
      (app as NestFastifyApplication)
        .getHttpAdapter()
        .getInstance()
        .addHook('onRequest', (_request, reply, done) => {
          timeout()?.then(() => reply.code(504).send({ error: 'timeout' }));
          done();
        });
    });
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
