/**
 * `@nestjs/swagger` is an optional peer: `logto-guard/nestjs` must load, and `@RequireAuth` must work,
 * in an application that does not have it. A child Node process refuses to resolve `@nestjs/swagger`
 * (a module resolve hook) and imports the transpiled adapter.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { transpiledNestAdapter } from '../support/transpiled-package.js';

const withoutSwagger = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (specifier === '@nestjs/swagger' || specifier.startsWith('@nestjs/swagger/')) {
    throw Object.assign(new Error('Cannot find package @nestjs/swagger'), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}\`));

const swagger = await import('@nestjs/swagger').then(() => 'loaded', (error) => error.code);
await import('reflect-metadata');
const { Controller, Get } = await import('@nestjs/common');
const { globalApi } = await import('./dist/core/index.js');
const { RequireAuth, withLogtoSecurity } = await import('./dist/nestjs/index.js');

class ProductsController { list() {} }
const list = Object.getOwnPropertyDescriptor(ProductsController.prototype, 'list');
Get('products')(ProductsController.prototype, 'list', list);
RequireAuth(globalApi({ scopes: ['read:products'] }))(ProductsController.prototype, 'list', list);
Controller()(ProductsController);
await Promise.resolve();

console.log(JSON.stringify({
  swagger,
  withLogtoSecurity: typeof withLogtoSecurity,
  security: Reflect.getMetadata('swagger/apiSecurity', ProductsController.prototype.list),
}));
`;

let build: Awaited<ReturnType<typeof transpiledNestAdapter>>;

beforeAll(async () => {
  build = await transpiledNestAdapter('logto-guard-no-swagger-');
  await writeFile(join(build.dir, 'app.mjs'), withoutSwagger);
});
afterAll(async () => {
  await build?.remove();
});

it('loads logto-guard/nestjs and applies @RequireAuth where @nestjs/swagger cannot be resolved', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['app.mjs'], {
    cwd: build.dir,
    timeout: 20_000,
  });
  expect(JSON.parse(stdout)).toEqual({
    swagger: 'ERR_MODULE_NOT_FOUND',
    withLogtoSecurity: 'function',
    security: [{ logto: ['read:products'] }, { bearerAuth: ['read:products'] }],
  });
});
