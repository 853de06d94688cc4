/**
 * Starts a NestJS application on 127.0.0.1 with a port the system picks, on Express or Fastify.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '@logto-guard/test-support';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/** Nest's platforms under test. */
export type NestPlatform = 'express' | 'fastify';
type ModuleClass = Parameters<typeof NestFactory.create>[0];

/** Creates the application of `module` on `platform`, without logs (for tests that use it before listening). */
export function createNestApp(
  module: ModuleClass,
  platform: NestPlatform = 'express',
): Promise<INestApplication> {
  return platform === 'express'
    ? NestFactory.create(module, { logger: false })
    : NestFactory.create(module, new FastifyAdapter(), { logger: false });
}

/** Listens on a free port of 127.0.0.1; `close` stops the application. */
export async function listenNestApp(app: INestApplication): Promise<RunningServer> {
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/**
 * Creates the application of `module` (logger off) on `platform`, lets `prepare` add middleware or
 * hooks, and listens.
 */
export async function listenNest(
  module: ModuleClass,
  platform: NestPlatform = 'express',
  prepare?: (app: INestApplication) => void,
): Promise<RunningServer> {
  const app = await createNestApp(module, platform);
  prepare?.(app);
  return listenNestApp(app);
}
