/**
 * Nest 11 apps are CommonJS and `logto-guard` is ESM: this runs a CommonJS Nest app in a child Node
 * process that `require()`s the adapter (require(esm), Node >= 20.19), outside Vitest's module loader.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { transpiledNestAdapter } from '../support/transpiled-package.js';

const app = `
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { APP_GUARD, NestFactory } = require('@nestjs/core');
const { globalApi } = require('./dist/core/index.js');
const { LogtoAuthGuard, LogtoGuardModule, RequireAuth } = require('./dist/nestjs/index.js');

class ProductsController { list() { return { ok: true }; } }
const list = Object.getOwnPropertyDescriptor(ProductsController.prototype, 'list');
Get('products')(ProductsController.prototype, 'list', list);
RequireAuth(globalApi({ scopes: ['read:products'] }))(ProductsController.prototype, 'list', list);
Controller()(ProductsController);
class AppModule {}
Module({
  imports: [LogtoGuardModule.forRoot({ endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' })],
  controllers: [ProductsController],
  providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
})(AppModule);

(async () => {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const response = await fetch('http://127.0.0.1:' + app.getHttpServer().address().port + '/products');
  const answer = { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.json() };
  await app.close();
  console.log(JSON.stringify(answer));
})();
`;

let build: Awaited<ReturnType<typeof transpiledNestAdapter>>;

beforeAll(async () => {
  build = await transpiledNestAdapter('logto-guard-cjs-');
  await writeFile(join(build.dir, 'app.cjs'), app);
});
afterAll(async () => {
  await build?.remove();
});

it('protects a route of a CommonJS Nest app that requires the ESM adapter', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['app.cjs'], {
    cwd: build.dir,
    timeout: 20_000,
  });
  expect(JSON.parse(stdout)).toEqual({
    status: 401,
    challenge: 'Bearer realm="api"',
    body: { error: 'Authorization header is missing' },
  });
});
