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

/**
 * Creates the application of `module` (logger off) on `platform`, lets `prepare` add middleware or
 * hooks, and listens.
 */
export async function listenNest(
  module: Parameters<typeof NestFactory.create>[0],
  platform: NestPlatform = 'express',
  prepare?: (app: INestApplication) => void,
): Promise<RunningServer> {
  const app: INestApplication =
    platform === 'express'
      ? await NestFactory.create(module, { logger: false })
      : await NestFactory.create(module, new FastifyAdapter(), { logger: false });
  prepare?.(app);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
