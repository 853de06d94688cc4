#!/usr/bin/env node
// Packaging check of the published library: publint, and @arethetypeswrong/cli on the packed tarball.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pkg = 'packages/logto-guard';
const dir = mkdtempSync(join(tmpdir(), 'logto-guard-pack-'));
const sh = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status === 0;
let ok = sh('npm', ['pack', '--silent', '--pack-destination', dir, '-w', pkg]);
const tarball = ok
  ? join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.tgz')),
    )
  : undefined;
ok = ok && sh('npx', ['publint', '--strict', pkg]);
// ESM-only by design: CommonJS `require` of an ESM package works from Node 20.19 on.
ok = ok && sh('npx', ['attw', tarball, '--profile', 'esm-only', '--format', 'table-flipped']);
rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
