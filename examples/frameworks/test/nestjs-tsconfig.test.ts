// The README's NestJS section says which compiler settings the decorators need; this compiles the
// README's NestJS example with exactly those (and nothing from the repository's base tsconfig).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../src/nestjs.ts', import.meta.url));

/** The settings the README lists for NestJS, on top of a plain strict ESM project. */
const readmeSettings: ts.CompilerOptions = {
  experimentalDecorators: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
};

function diagnostics(options: ts.CompilerOptions): string[] {
  const program = ts.createProgram([example], options);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('NestJS example and its tsconfig', () => {
  it('compiles with experimentalDecorators (no emitDecoratorMetadata needed)', () => {
    expect(diagnostics(readmeSettings)).toEqual([]);
  });

  it('does not compile without experimentalDecorators (TypeScript 5 standard decorators)', () => {
    expect(diagnostics({ ...readmeSettings, experimentalDecorators: false }).length).toBeGreaterThan(0);
  });
});
