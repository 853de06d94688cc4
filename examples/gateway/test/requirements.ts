/**
 * Whether the end-to-end tests can run here. Without nginx, FastAPI or uvicorn they print one line and
 * are skipped, except under CI=1, where a missing package fails the run instead.
 */
import { missingPackages } from './processes.js';

const missing = missingPackages();
if (missing !== undefined) {
  const line = `gateway end-to-end tests need ${missing}: apt-get install -y nginx python3-fastapi python3-uvicorn`;
  if (process.env.CI === '1') throw new Error(`${line} (CI=1: not skipped)`);
  console.log(`${line}; skipped`);
}

/** True when nginx, FastAPI, uvicorn and the built gateway are all there. */
export const canRun = missing === undefined;
