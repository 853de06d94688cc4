/**
 * The fuzz run: generated requests through the core in process (the volume) and through every adapter
 * over HTTP (a share), plus generated JWKS documents behind fresh guards. Counts every answer, and every
 * crash (a rejected check, an unhandled error), hang (no answer within 10 s), contract violation and
 * forged acceptance; `fuzz.test.ts` asserts they are 0.
 */

import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { exportJWK, generateKeyPair } from 'jose';
import { createGuard, type Guard } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API, type FuzzRequest, type FuzzWorld, jwksDocuments, requests } from './arbitraries.js';
import { createOracle } from './oracle.js';
import { type AdapterServer, routes, startAdapters, urlPath } from './servers.js';

export interface FuzzPlan {
  seed: number;
  /** Requests through `guard.check` in process. */
  core: number;
  /** Requests over HTTP, split evenly over the six adapters. */
  http: number;
  /** JWKS documents, each behind a new guard. */
  jwks: number;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  core: number;
  http: Record<string, number>;
  jwks: number;
  statuses: Record<string, number>;
  skippedHeaders: number;
  crashes: number;
  hangs: number;
  violations: number;
  forgedAccepted: number;
  /** The first few problems, with the input that caused them (tokens shortened). */
  examples: string[];
  seconds: number;
  /** Longest `guard.check` in the core phase, and how many took over a second (queueing under load). */
  slowestCheckMs: number;
  checksOver1s: number;
  /** Seconds per phase: core, http, jwks. */
  phases: Record<string, number>;
}

const HANG_MS = 10_000;
const CHUNK = 2_000;

function withDeadline<T>(promise: Promise<T>): Promise<T | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Runs `work` over `count` generated values with `concurrency` in flight (a sliding window). */
async function drive<T>(
  arbitrary: fc.Arbitrary<T>,
  count: number,
  seed: number,
  concurrency: number,
  work: (value: T) => Promise<void>,
): Promise<void> {
  let chunk: T[] = [];
  let chunkIndex = 0;
  let produced = 0;
  const next = (): T | undefined => {
    if (produced >= count) return undefined;
    if (chunk.length === 0) {
      chunk = fc.sample(arbitrary, { seed: seed + chunkIndex, numRuns: Math.min(CHUNK, count - produced) });
      chunkIndex += 1;
    }
    produced += 1;
    return chunk.pop();
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let value = next(); value !== undefined; value = next()) await work(value);
    }),
  );
}

/** The issuer, its signed tokens (good and refusable), and a guard with the default options. */
export async function createWorld(): Promise<{ issuer: TestIssuer; world: FuzzWorld }> {
  const issuer = await createTestIssuer();
  const mint = (options: Parameters<TestIssuer['mintApiToken']>[1]) => issuer.mintApiToken(API, options);
  const signed = await Promise.all([
    mint({ scopes: ['read:products'] }),
    mint({ scopes: ['read:products', 'read:projects'] }),
    mint({}),
    mint({ scopes: ['read:products'], expiresIn: -60 }),
    mint({ scopes: ['read:products'], header: { typ: 'JWT' } }),
    mint({ scopes: ['read:products'], header: { b64: true, crit: ['b64'] } }),
    mint({ scopes: ['read:products'], claims: { iss: 'https://evil.logto.app/oidc' } }),
    mint({ scopes: ['read:products'], claims: { scope: ['read:products'] } }),
    mint({ scopes: ['read:products'], claims: { exp: '9999999999' } }),
    mint({ scopes: ['read:products'], claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } }),
    mint({ scopes: ['read:products'], claims: { sub: undefined } }),
    mint({ scopes: ['read:products'], claims: { aud: 'https://other.example.com' } }),
    issuer.mintOrganizationToken('org-1', { scopes: ['read:members'] }),
    issuer.mintOrganizationToken('org-2', { scopes: ['read:members'] }),
    issuer.mintOrganizationApiToken(API, 'org-1', { scopes: ['read:projects'] }),
    issuer.mintOrganizationApiToken(API, 'org-1', { scopes: ['read:products'] }),
  ]);
  const publicJwk = issuer.jwks().keys[0] as Record<string, unknown>;
  const world: FuzzWorld = {
    issuer: issuer.issuer,
    kid: issuer.kid,
    now: Math.floor(Date.now() / 1000),
    signed,
    publicJwk,
  };
  return { issuer, world };
}

const short = (value: unknown) => JSON.stringify(value)?.slice(0, 160);

export async function runFuzz(plan: FuzzPlan): Promise<FuzzReport> {
  const started = performance.now();
  const { issuer, world } = await createWorld();
  const oracle = createOracle(world);
  const report: FuzzReport = {
    seed: plan.seed,
    inputs: 0,
    core: 0,
    http: {},
    jwks: 0,
    statuses: {},
    skippedHeaders: 0,
    crashes: 0,
    hangs: 0,
    violations: 0,
    forgedAccepted: 0,
    examples: [],
    seconds: 0,
    phases: {},
    slowestCheckMs: 0,
    checksOver1s: 0,
  };
  let phaseStart = performance.now();
  const phase = (name: string) => {
    report.phases[name] = Math.round((performance.now() - phaseStart) / 100) / 10;
    phaseStart = performance.now();
  };
  const problem = (kind: 'crashes' | 'hangs' | 'violations', detail: string, input: unknown) => {
    report[kind] += 1;
    if (detail.startsWith('FORGED')) report.forgedAccepted += 1;
    if (report.examples.length < 10) report.examples.push(`${kind}: ${detail} — input ${short(input)}`);
  };
  const count = (status: number | string) => {
    report.inputs += 1;
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
  };
  const onUnhandled = (error: unknown) => problem('crashes', `unhandled: ${String(error)}`, null);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);

  const guard: Guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
  const servers: AdapterServer[] = plan.http > 0 ? await startAdapters(guard) : [];
  try {
    // 1. The core, in process.
    await drive(requests(world), plan.core, plan.seed, 128, async (request: FuzzRequest) => {
      const policy = routes[request.route].policy;
      const checkStarted = performance.now();
      const outcome = await withDeadline(
        guard
          .check(
            {
              authorization: request.authorization,
              params: { organizationId: request.organizationId },
              request: {},
            },
            policy,
          )
          .catch((error: unknown) => ({ crashed: error })),
      );
      report.core += 1;
      const took = performance.now() - checkStarted;
      report.slowestCheckMs = Math.max(report.slowestCheckMs, Math.round(took));
      if (took > 1_000) report.checksOver1s += 1;
      if (outcome === 'hang') return problem('hangs', 'guard.check did not settle', request);
      if ('crashed' in outcome)
        return problem('crashes', `guard.check rejected: ${String(outcome.crashed)}`, request);
      const answer = outcome.ok
        ? { status: 200, body: '', challenge: null, auth: outcome.auth ?? null }
        : {
            status: outcome.response.status,
            body: JSON.stringify(outcome.response.body),
            challenge:
              outcome.response.headers['WWW-Authenticate'] ??
              outcome.response.headers['www-authenticate'] ??
              null,
            auth: null,
          };
      count(answer.status);
      const wrong = oracle.checkAnswer(request, answer);
      if (wrong !== undefined) problem('violations', `core: ${wrong}`, request);
    });

    phase('core');
    // 2. Every adapter, over HTTP.
    const perAdapter = Math.ceil(plan.http / Math.max(servers.length, 1));
    for (const [index, server] of servers.entries()) {
      report.http[server.name] = 0;
      await drive(requests(world), perAdapter, plan.seed + 1_000_000 * (index + 1), 64, async (request) => {
        const headers = new Headers();
        try {
          for (const value of [request.authorization ?? []].flat())
            validateHeaderValue('authorization', value);
          if (typeof request.authorization === 'string') headers.set('authorization', request.authorization);
          else if (Array.isArray(request.authorization))
            for (const value of request.authorization) headers.append('authorization', value);
        } catch {
          report.skippedHeaders += 1; // not a valid HTTP header value: no client can send it
          return;
        }
        const response = await withDeadline(
          fetch(`${server.url}${urlPath(request.route, request.organizationId)}`, { headers })
            .then(async (r) => ({
              status: r.status,
              text: await r.text(),
              challenge: r.headers.get('www-authenticate'),
            }))
            .catch((error: unknown) => ({ crashed: error })),
        );
        report.http[server.name] = (report.http[server.name] ?? 0) + 1;
        if (response === 'hang') return problem('hangs', `${server.name}: no answer`, request);
        if ('crashed' in response)
          return problem('crashes', `${server.name}: ${String(response.crashed)}`, request);
        count(response.status);
        let auth: unknown = null;
        let body = response.text;
        if (response.status === 200) {
          try {
            auth = (JSON.parse(response.text) as { auth: unknown }).auth;
          } catch {
            return problem('violations', `${server.name}: 200 without JSON`, request);
          }
        } else {
          try {
            body = JSON.stringify(JSON.parse(response.text));
          } catch {
            // compared as is: not JSON, so not an allowed body
          }
        }
        // HTTP drops leading and trailing whitespace of header values (RFC 9110 §5.5): judge what was received.
        const received: FuzzRequest = {
          ...request,
          authorization: Array.isArray(request.authorization)
            ? request.authorization.map((value) => value.trim())
            : request.authorization?.trim(),
        };
        const wrong = oracle.checkAnswer(received, {
          status: response.status,
          body,
          challenge: response.challenge,
          auth,
        });
        if (wrong !== undefined) problem('violations', `${server.name}: ${wrong}`, request);
      });
    }

    phase('http');
    // 3. JWKS documents: a genuine token checked against a generated key set.
    const others = await Promise.all(
      (['ES384', 'ES256', 'RS256'] as const).map(async (alg) => ({
        ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).publicKey)),
        kid: `other-${alg}`,
      })),
    );
    const token = world.signed[0] as string;
    const request: FuzzRequest = {
      authorization: `Bearer ${token}`,
      route: 'products',
      organizationId: 'org-1',
    };
    await drive(jwksDocuments(world, others), plan.jwks, plan.seed + 7, 256, async (document) => {
      const served: typeof fetch = async (input) =>
        String(input).endsWith('/openid-configuration')
          ? Response.json({ issuer: world.issuer, jwks_uri: `${world.issuer}/jwks` })
          : new Response(JSON.stringify(document), { headers: { 'content-type': 'application/json' } });
      const fresh = createGuard({
        endpoint: issuer.endpoint,
        audience: API,
        fetch: served,
        tokenCache: false,
      });
      const outcome = await withDeadline(
        fresh
          .check({ authorization: request.authorization, request: {} }, routes.products.policy)
          .catch((error: unknown) => ({ crashed: error })),
      );
      report.jwks += 1;
      if (outcome === 'hang') return problem('hangs', 'jwks: guard.check did not settle', document);
      if ('crashed' in outcome) return problem('crashes', `jwks: ${String(outcome.crashed)}`, document);
      count(outcome.ok ? 200 : outcome.response.status);
      if (outcome.ok) {
        const keys = Array.isArray((document as { keys?: unknown }).keys)
          ? (document as { keys: unknown[] }).keys
          : [];
        // Accepted only if the document holds the issuer's real public key under the token's kid.
        const holdsRealKey = keys.some((key) => {
          const jwk = key as Record<string, unknown> | null;
          return (
            jwk?.kid === world.kid &&
            jwk.x === world.publicJwk.x &&
            jwk.y === world.publicJwk.y &&
            jwk.crv === 'P-384'
          );
        });
        if (!holdsRealKey)
          problem('violations', 'FORGED ACCEPTANCE: accepted without the real key under its kid', document);
      } else if (![401, 503].includes(outcome.response.status)) {
        problem('violations', `jwks: status ${outcome.response.status}`, document);
      }
    });
    phase('jwks');
  } finally {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await Promise.all(servers.map((server) => server.close()));
    await issuer.close();
  }
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}
