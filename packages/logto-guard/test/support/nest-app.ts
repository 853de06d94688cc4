/** A Nest application for the tests: on platform-express or platform-fastify, listening on 127.0.0.1. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type NestPlatform = 'express' | 'fastify';
type ModuleClass = Parameters<typeof NestFactory.create>[0];

/** Creates the application of `module` on `platform`, without logs. */
export function createNestApp(
  module: ModuleClass,
  platform: NestPlatform = 'express',
): Promise<INestApplication> {
  return platform === 'express'
    ? NestFactory.create(module, { logger: false })
    : NestFactory.create(module, new FastifyAdapter(), { logger: false });
}

/** Listens on a free port of 127.0.0.1; `close` stops the application. */
export async function listenNestApp(
  app: INestApplication,
): Promise<{ url: string; close: () => Promise<void> }> {
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
