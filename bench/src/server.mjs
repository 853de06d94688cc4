// One HTTP server under test, run as a child process of the orchestrator (never in the load generator's
// process). Usage: node server.mjs <framework> <target> <alg> <issuer> <jwksUri> <audience>
//   framework: express | fastify | hono
//   target:    none | guard | guard-before | guard-nocache | peer | peer-default (hono: jwk() with its defaults)
//   guard-before: the same as guard with the build of BENCH_BASELINE_DIST (see baseline.mjs)
// The route is GET /api (scope read:data required where the middleware can check scopes).
// It reports { port } over IPC once listening, and answers { type: 'stats' } with CPU time and the
// number of requests served, so the orchestrator can compute server CPU per request.
import { createPublicKey } from 'node:crypto';

const [framework, target, alg, issuer, jwksUri, audience] = process.argv.slice(2);
const SCOPE = 'read:data';
const body = { ok: true };

async function fetchJwks() {
  const response = await fetch(jwksUri);
  if (!response.ok) throw new Error(`JWKS ${jwksUri}: ${response.status}`);
  return response.json();
}

const isGuard = (t) => t === 'guard' || t === 'guard-before' || t === 'guard-nocache';

/** logto-guard's entry `entry`: the current build, or the baseline's for `guard-before`. */
function guardModule(entry) {
  const dist = process.env.BENCH_BASELINE_DIST;
  if (target === 'guard-before') return import(`${dist}${entry}/index.js`);
  return import(entry === 'core' ? 'logto-guard' : `logto-guard/${entry}`);
}

async function guardFor(target) {
  const { createGuard, globalApi } = await guardModule('core');
  // BENCH_SIGNATURE_SLOTS=<n>: checks allowed on libuv's pool at once, for experiments (default 3).
  if (process.env.BENCH_SIGNATURE_SLOTS && target === 'guard') {
    const node = await import('../../packages/logto-guard/dist/core/signature/node.js');
    node.setMaxSignaturesInFlight(Number(process.env.BENCH_SIGNATURE_SLOTS));
  }
  const guard = createGuard({
    issuer,
    jwksUri,
    audience,
    ...(target === 'guard-nocache' ? { tokenCache: false } : {}),
  });
  return { guard, policy: globalApi({ scopes: [SCOPE] }) };
}

function hasScope(scope) {
  return typeof scope === 'string' && scope.split(' ').includes(SCOPE);
}

async function express() {
  const { default: createApp } = await import('express');
  const app = createApp();
  app.disable('x-powered-by');
  app.disable('etag');
  const handlers = [];
  if (isGuard(target)) {
    const { requireAuth } = await guardModule('express');
    const { guard, policy } = await guardFor(target);
    handlers.push(requireAuth(guard, policy));
  } else if (target === 'peer') {
    const { auth, requiredScopes } = await import('express-oauth2-jwt-bearer');
    handlers.push(auth({ issuer, jwksUri, audience, tokenSigningAlg: alg }), requiredScopes(SCOPE));
  }
  app.get('/api', ...handlers, (_req, res) => {
    res.json(body);
  });
  // express-oauth2-jwt-bearer passes failures to next(err): answer them without logging a stack.
  app.use((err, _req, res, _next) => {
    res
      .status(err.status ?? 500)
      .set(err.headers ?? {})
      .json({ error: err.code ?? 'error' });
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function fastify() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  const routeOptions = {};
  if (isGuard(target)) {
    const { logtoGuard, requireAuth } = await guardModule('fastify');
    const { guard, policy } = await guardFor(target);
    await app.register(logtoGuard, { guard });
    // onRequest, as the adapter's docs advise and as the peer below: nothing of the request is parsed
    // for a request that will be refused (the 2026-12-01 figures used preHandler).
    routeOptions.onRequest = requireAuth(guard, policy);
  } else if (target === 'peer') {
    // @fastify/jwt with a static key: the public key of the local JWKS, read once at start-up.
    const { default: fastifyJwt } = await import('@fastify/jwt');
    const { keys } = await fetchJwks();
    const pem = createPublicKey({ key: keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    await app.register(fastifyJwt, {
      secret: { public: pem },
      verify: { algorithms: [alg], allowedIss: issuer, allowedAud: audience },
    });
    routeOptions.onRequest = async (request, reply) => {
      try {
        await request.jwtVerify();
      } catch {
        return reply.code(401).send({ error: 'invalid_token' });
      }
      if (!hasScope(request.user.scope)) return reply.code(403).send({ error: 'insufficient_scope' });
    };
  }
  app.get('/api', routeOptions, async () => body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}

async function hono() {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  if (isGuard(target)) {
    const { requireAuth } = await guardModule('hono');
    const { guard, policy } = await guardFor(target);
    app.use('/api', requireAuth(guard, policy));
  } else if (target === 'peer' || target === 'peer-default') {
    // Hono's jwk(): keys read once from the local JWKS (with `jwks_uri` it would fetch the JWKS on every
    // request). `peer-default` leaves `verification.typ` unset, as Hono's docs do: it then expects
    // typ "JWT" and rejects Logto's "at+jwt" tokens.
    const { jwk } = await import('hono/jwk');
    const { keys } = await fetchJwks();
    const verification = target === 'peer' ? { typ: 'at+jwt', iss: issuer, aud: audience } : {};
    app.use('/api', jwk({ keys, alg: [alg], verification }));
    app.use('/api', async (c, next) => {
      if (!hasScope(c.get('jwtPayload').scope)) return c.json({ error: 'insufficient_scope' }, 403);
      await next();
    });
  }
  app.get('/api', (c) => c.json(body));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
}

const servers = { express, fastify, hono };
const server = await servers[framework]();
let requests = 0;
server.on('request', () => {
  requests += 1;
});
// How many ECDSA checks ran inline and on the pool (the current build only; see signature/node.ts).
const started =
  target === 'guard' || target === 'guard-nocache'
    ? (await import('../../packages/logto-guard/dist/core/signature/node.js')).signatureChecksStarted
    : undefined;
process.on('message', (message) => {
  if (message?.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send({
      type: 'stats',
      id: message.id,
      cpuMicros: cpu.user + cpu.system,
      requests,
      rss: process.memoryUsage.rss(),
      checks: started?.(),
    });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port: server.address().port });
