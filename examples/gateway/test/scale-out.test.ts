/**
 * Two gateway replicas behind one nginx `upstream`, under steady load: SIGTERM one (it drains: no client
 * request may fail), then SIGKILL the other (nginx routes around it: the test reports how many failed
 * and how soon every request succeeded again).
 */
import { type DevIssuer, startDevIssuer } from '@logto-guard/dev-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { issueTokens } from './cases.js';
import { type Child, freePort, startFastApi, startGateway, startNginx } from './processes.js';
import { canRun } from './requirements.js';

const WORKERS = 6;

/** Allowed requests a replica has decided, read from its Prometheus metrics. */
async function allowedCount(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/_gateway/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('logto_guard_gateway_decisions_total{outcome="allowed"'));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Steady load: WORKERS loops of GET through nginx; every answer is recorded. */
function startLoad(url: string, token: string) {
  const results: { at: number; ok: boolean; status: number }[] = [];
  let running = true;
  const worker = async () => {
    while (running) {
      let status = 0;
      try {
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        status = response.status;
      } catch {}
      results.push({ at: performance.now(), ok: status === 200, status });
    }
  };
  const workers = Array.from({ length: WORKERS }, worker);
  return {
    results,
    /** Resolves once `count` more requests have been answered. */
    async more(count: number) {
      const target = results.length + count;
      await until(async () => results.length >= target, `${count} more requests`);
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

describe.skipIf(!canRun)('gateway scale-out: two replicas behind nginx', () => {
  let issuer: DevIssuer;
  const children: Child[] = [];

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => child.terminate()));
    await issuer?.close();
  });

  it('loses no request on SIGTERM and a bounded few on SIGKILL', async () => {
    const { global } = await issueTokens(issuer);
    const fastapi = await startFastApi();
    children.push(fastapi.child);
    const env = { LOGTO_ENDPOINT: issuer.url };
    const [portA, portB] = [await freePort(), await freePort()];
    let a = await startGateway(env, [], portA);
    const b = await startGateway(env, [], portB);
    children.push(a.child, b.child);
    const nginx = await startNginx([portA, portB], fastapi.url);
    children.push(nginx.child);

    const load = startLoad(`${nginx.url}/api/protected`, global);
    try {
      await until(
        async () => (await allowedCount(a.url)) > 0 && (await allowedCount(b.url)) > 0,
        'both replicas',
      );
      await load.more(100);

      // SIGTERM: the replica drains what it has in flight and closes; nginx moves to the other.
      const beforeTerm = load.results.length;
      expect(await a.child.stop('SIGTERM')).toBe(0);
      await load.more(300);
      const afterTerm = load.results.slice(beforeTerm);
      const termFailures = afterTerm.filter((r) => !r.ok);
      expect(termFailures, JSON.stringify(termFailures.slice(0, 5))).toEqual([]);

      // Bring it back on its port and wait until nginx sends it traffic again.
      a = await startGateway(env, [], portA);
      children.push(a.child);
      await until(async () => (await allowedCount(a.url)) > 0, 'the restarted replica to serve');

      // SIGKILL: requests in flight on that replica may fail; nginx routes around it.
      const beforeKill = load.results.length;
      const killedAt = performance.now();
      await b.child.stop('SIGKILL');
      await load.more(300);
      const afterKill = load.results.slice(beforeKill);
      const killFailures = afterKill.filter((r) => !r.ok);
      const lastFailure = killFailures.at(-1);
      const recoveredMs = lastFailure === undefined ? 0 : Math.round(lastFailure.at - killedAt);
      console.log(
        `scale-out: SIGTERM ${termFailures.length} failed of ${afterTerm.length}; ` +
          `SIGKILL ${killFailures.length} failed of ${afterKill.length}, all succeeding again ${recoveredMs} ms after the kill`,
      );
      // At most the requests in flight on the killed replica, once each.
      expect(killFailures.length).toBeLessThanOrEqual(WORKERS);
      expect(afterKill.slice(-100).every((r) => r.ok)).toBe(true);
    } finally {
      await load.stop();
    }
  }, 180_000); // a ceiling for a loaded machine, not a timing assertion
});
