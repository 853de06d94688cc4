/**
 * The package's `core` and `nestjs` sources transpiled into a temporary directory as `tsc` would build
 * them (no type check), with the repository's `node_modules` linked: for tests that run the adapter in a
 * child Node process, outside Vitest's module loader.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

/** Builds `dist/core` and `dist/nestjs` in a new temporary directory and returns it; remove it after. */
export async function transpiledNestAdapter(
  prefix: string,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
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
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'logto-guard-transpiled', type, imports }),
  );
  await symlink(nodeModules, join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
