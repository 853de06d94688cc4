// The two baselines of the gateway rows, each a child process answering GET /auth:
//   bare   a Fastify route answering 200 (no auth at all; it is sent the same requests, token included)
//   check  the same route calling logto-guard's `guard.check` directly (global-api policy, one scope)
// The gap bare → check is the core's share of a decision, check → gateway the gateway's own.
// Usage: node gateway-servers.mjs <bare|check> <issuer> <jwksUri> <audience> <scope>
// Reports { type: 'ready', port } over IPC once listening.
import Fastify from 'fastify';

const [mode, issuer, jwksUri, audience, scope] = process.argv.slice(2);
const app = Fastify({ logger: false });

if (mode === 'bare') {
  app.get('/auth', (_request, reply) => {
    reply.code(200).send();
  });
} else if (mode === 'check') {
  const { createGuard, globalApi } = await import('logto-guard');
  const guard = createGuard({ issuer, jwksUri, audience });
  const policy = globalApi({ scopes: [scope] });
  app.get('/auth', async (request, reply) => {
    const outcome = await guard.check({ authorization: request.headers.authorization, request }, policy);
    if (outcome.ok) return reply.code(200).send();
    const { status, headers, body } = outcome.response;
    return reply.code(status).headers(headers).send(body);
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}

await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ type: 'ready', port: app.server.address().port });
process.on('disconnect', () => app.close().then(() => process.exit(0)));
