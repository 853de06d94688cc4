import Fastify, { type FastifyReply } from 'fastify';
import { logtoGuard, requireAuth } from '../../src/fastify/index.js';
import { runSurvivalContract } from '../contract/survival.js';

for (const hook of ['onRequest', 'preHandler'] as const) {
  runSurvivalContract(`fastify (${hook})`, {
    start: async ({ guard, policy, passErrors, timeout, routeRan }) => {
      const app = Fastify({ logger: false });
      await app.register(logtoGuard, { guard });
      // A request-timeout hook ahead of the guard: it answers while the guard is still checking.
      const answerOnTimeout = (_request: unknown, reply: FastifyReply, done: () => void) => {
        timeout()?.then(() => reply.code(504).send({ error: 'timeout' }));
        done();
      };
      app.get('/health', async () => ({ ok: true }));
      const check = requireAuth(guard, policy, { passErrors });
      app.get(
        '/api/products',
        hook === 'onRequest'
          ? { onRequest: [answerOnTimeout, check] }
          : { onRequest: answerOnTimeout, preHandler: check },
        async (request) => {
          routeRan();
          return { sub: request.auth?.sub };
        },
      );
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    },
    passErrors: true,
    // Fastify's error handling keeps the status already set (401) and answers its JSON error body.
    unwritableStatus: () => 401,
    seesSentResponse: true,
  });
}
