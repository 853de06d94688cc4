/**
 * Forward-auth mode: one decision endpoint for nginx `auth_request`, Traefik ForwardAuth and Envoy
 * `ext_authz` (HTTP). 200 with the identity headers, or the failure's status, challenge and JSON body.
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { HTTP_METHODS } from './config/schema.js';
import type { GatewayContext } from './context.js';
import type { DecisionInput } from './decide.js';
import { identityHeaders } from './identity.js';

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
  const nginxUri = single(headers['x-original-uri']);
  if (nginxUri !== undefined) {
    return { method: single(headers['x-original-method']) ?? request.method, url: nginxUri, headers };
  }
  const traefikUri = single(headers['x-forwarded-uri']);
  if (traefikUri !== undefined) {
    return { method: single(headers['x-forwarded-method']) ?? request.method, url: traefikUri, headers };
  }
  const rest = request.url.slice(endpoint.length);
  return { method: request.method, url: rest.startsWith('/') ? rest : `/${rest}`, headers };
}

/** Registers the decision endpoint at `path` and `path/*`. */
export function registerForwardAuth(app: FastifyInstance, context: GatewayContext, path: string): void {
  async function forwardAuthDecision(request: FastifyRequest, reply: FastifyReply) {
    const decision = await context.check(originalRequest(request, path));
    if (decision.allowed) {
      const headers =
        decision.auth === undefined ? {} : identityHeaders(decision.auth, context.decider().headerNames);
      return reply
        .code(200)
        .headers({ ...headers, 'cache-control': 'no-store' })
        .send();
    }
    const { status, headers, body } = decision.response;
    return reply
      .code(status)
      .headers({ ...headers, [ERROR_BODY_HEADER]: JSON.stringify(body) })
      .send(body);
  }
  app.route({ method: [...HTTP_METHODS], url: path, handler: forwardAuthDecision });
  app.route({ method: [...HTTP_METHODS], url: `${path}/*`, handler: forwardAuthDecision });
}
