/**
 * Nest 11 apps are CommonJS and `logto-guard` is ESM: this runs a CommonJS Nest app in a child Node
 * process that `require()`s the adapter (require(esm), Node >= 20.19), outside Vitest's module loader.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

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

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logto-guard-cjs-'));
  // The adapter and the core it imports, transpiled as `tsc` would build them (no type check here).
  for (const folder of ['core', 'nestjs']) {
    const files = await readdir(join(src, folder), { recursive: true });
    for (const file of files.filter((name) => name.endsWith('.ts'))) {
      const { outputText } = ts.transpileModule(await readFile(join(src, folder, file), 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          experimentalDecorators: true,
        },
      });
      const out = join(dir, 'dist', folder, file.replace(/\.ts$/, '.js'));
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, outputText);
    }
  }
  // The package's own `type` and `imports` map (e.g. `#signature`), so the build resolves as published.
  const { type, imports } = JSON.parse(await readFile(join(src, '..', 'package.json'), 'utf8'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'logto-guard-cjs-test', type, imports }));
  await writeFile(join(dir, 'app.cjs'), app);
  await symlink(nodeModules, join(dir, 'node_modules'), 'dir');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('protects a route of a CommonJS Nest app that requires the ESM adapter', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['app.cjs'], { cwd: dir, timeout: 20_000 });
  expect(JSON.parse(stdout)).toEqual({
    status: 401,
    challenge: 'Bearer realm="api"',
    body: { error: 'Authorization header is missing' },
  });
});
