/**
 * Reverse-proxy mode: every request is decided, then forwarded with `@fastify/reply-from` (undici) with
 * the client's identity headers removed and the verified ones set.
 *
 * @module
 */
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { HTTP_METHODS } from './config/schema.js';
import type { GatewayContext } from './context.js';

/** Registers the catch-all proxy route to `upstream`. */
export async function registerReverseProxy(
  app: FastifyInstance,
  context: GatewayContext,
  upstream: string,
): Promise<void> {
  await app.register(replyFrom, { base: upstream, undici: { connections: 128, pipelining: 1 } });
  // Bodies are streamed to the backend untouched, never parsed here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  async function proxyDecision(request: FastifyRequest, reply: FastifyReply) {
    const decider = context.decider();
    const decision = await context.check(
      {
        method: request.method,
        url: request.url,
        headers: request.headers,
        rawHeaders: request.raw.rawHeaders,
      },
      decider,
    );
    if (!decision.allowed) {
      const { status, headers, body } = decision.response;
      return reply.code(status).headers(headers).send(body);
    }
    const identity = decision.auth === undefined ? {} : decider.identity(decision.auth);
    return reply.from(request.url, {
      rewriteRequestHeaders(_request, headers) {
        const forwarded: Record<string, string | string[] | undefined> = { ...headers };
        for (const name of decider.strippedHeaders) delete forwarded[name];
        if (!decider.config.forwardAuthorization) delete forwarded.authorization;
        return Object.assign(forwarded, identity);
      },
    });
  }
  app.route({ method: [...HTTP_METHODS], url: '/*', handler: proxyDecision });
}
