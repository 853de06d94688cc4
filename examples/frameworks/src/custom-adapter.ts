import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type AuthInfo,
  createGuard,
  type Guard,
  globalApi,
  nodeAuthorization,
  type Policy,
} from 'logto-guard';

// An adapter for plain node:http: one guard.check, then forward the ready answer.
function protect(
  guard: Guard,
  policy: Policy<IncomingMessage>,
  handler: (req: IncomingMessage, res: ServerResponse, auth: AuthInfo | undefined) => void,
) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const input = { authorization: nodeAuthorization(req), request: req };
    const outcome = await guard.check(input, policy);
    if (outcome.ok) return handler(req, res, outcome.auth);
    // status, headers (WWW-Authenticate, Cache-Control) and a JSON body that never echoes the token
    const { status, headers, body } = outcome.response;
    res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
}

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });
const readProducts = protect(guard, globalApi({ scopes: ['read:products'] }), (_req, res, auth) => {
  res.end(JSON.stringify({ auth }));
});
createServer(readProducts).listen(3000);

// Outside HTTP (a queue message, a WebSocket frame): verify the token alone, then decide yourself.
export async function callerOf(token: string): Promise<AuthInfo> {
  return guard.verify(token); // rejects with a LogtoGuardError (TokenError, UnavailableError)
}
