/**
 * Forward-auth mode: one decision endpoint for nginx `auth_request`, Traefik ForwardAuth and Envoy
 * `ext_authz` (HTTP). 200 with the identity headers, or the failure's status, challenge and JSON body.
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { HTTP_METHODS } from './config/schema.js';
import type { GatewayContext } from './context.js';
import type { Decision, DecisionInput } from './decide.js';
import type { Decider } from './decider.js';

/**
 * The failure body again as a header: nginx `auth_request` drops the check's body, so the shipped nginx
 * config reads it from here (`auth_request_set`) and answers it to the client.
 */
export const ERROR_BODY_HEADER = 'x-auth-error-body';

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The original request: `X-Original-Method`/`X-Original-URI` (the shipped nginx config), else
 * `X-Forwarded-Method`/`X-Forwarded-Uri` (Traefik), else the path after the endpoint's own (Envoy appends
 * the original path to `path_prefix` and keeps the method).
 */
function originalRequest(request: FastifyRequest, endpoint: string): DecisionInput {
  const { headers } = request;
  const { rawHeaders } = request.raw;
  const nginxUri = single(headers['x-original-uri']);
  if (nginxUri !== undefined) {
    return {
      method: single(headers['x-original-method']) ?? request.method,
      url: nginxUri,
      headers,
      rawHeaders,
    };
  }
  const traefikUri = single(headers['x-forwarded-uri']);
  if (traefikUri !== undefined) {
    return {
      method: single(headers['x-forwarded-method']) ?? request.method,
      url: traefikUri,
      headers,
      rawHeaders,
    };
  }
  const rest = request.url.slice(endpoint.length);
  return { method: request.method, url: rest.startsWith('/') ? rest : `/${rest}`, headers, rawHeaders };
}

const NO_STORE = ['cache-control', 'no-store'] as const;
const ALLOWED_WITHOUT_IDENTITY: readonly string[] = [...NO_STORE, 'content-length', '0'];

/**
 * The head of a 200 as the flat `[name, value, ...]` list `writeHead` takes, built once per identity
 * object (the decider keeps one per verified token).
 */
const allowedHeads = new WeakMap<object, readonly string[]>();
function allowedHead(identity: Readonly<Record<string, string>>): readonly string[] {
  let head = allowedHeads.get(identity);
  if (head === undefined) {
    head = [...Object.entries(identity).flat(), ...ALLOWED_WITHOUT_IDENTITY];
    allowedHeads.set(identity, head);
  }
  return head;
}

/** Registers the decision endpoint at `path` and `path/*`. */
export function registerForwardAuth(app: FastifyInstance, context: GatewayContext, path: string): void {
  function answer(reply: FastifyReply, decider: Decider, decision: Decision) {
    if (decision.allowed) {
      // The hot path: an empty 200 written straight to Node's response with a prepared head, without
      // Fastify's per-header bookkeeping and send pipeline (no hooks, body or serializer to run here).
      // Headers set before (`Connection: close` while draining) are kept by `writeHead`.
      reply.hijack();
      const head =
        decision.auth === undefined ? ALLOWED_WITHOUT_IDENTITY : allowedHead(decider.identity(decision.auth));
      reply.raw.writeHead(200, head as string[]).end();
      return;
    }
    const { status, headers, body } = decision.response;
    reply.code(status).headers(headers).header(ERROR_BODY_HEADER, JSON.stringify(body)).send(body);
  }
  // Not an async handler and the promise is not handed to Fastify: Fastify would add a reaction of its
  // own to it on every request. A failure of the check itself goes to Fastify's error handler.
  function forwardAuthDecision(request: FastifyRequest, reply: FastifyReply): void {
    const decider = context.decider();
    context.check(originalRequest(request, path), decider).then(
      (decision) => answer(reply, decider, decision),
      (error: unknown) => reply.send(error),
    );
  }
  // A check request's body is never read: Envoy may send the original method and content type with an
  // empty body, which a JSON parser would refuse (400) before any decision.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.route({ method: [...HTTP_METHODS], url: path, handler: forwardAuthDecision });
  app.route({ method: [...HTTP_METHODS], url: `${path}/*`, handler: forwardAuthDecision });
}
