import { serveFetch } from '@logto-guard/test-support';
import type { Guard, Policy, ResourceMetadataOptions } from '../../src/core/index.js';
import { requireAuth, serveResourceMetadata } from '../../src/fetch/index.js';
import { contractRoutes, runMetadataContract } from '../contract/contract.js';

// The metadata rows use routes without parameters only, so the paths are matched exactly here.
function start(guard: Guard, options: ResourceMetadataOptions) {
  const metadata = serveResourceMetadata(guard, options);
  const routes = new Map(
    contractRoutes.map((route) => [route.path, requireAuth(guard, route.policy as Policy<Request>)]),
  );
  return serveFetch(async (request) => {
    const answer = metadata(request);
    if (answer !== undefined) return answer;
    const check = routes.get(new URL(request.url).pathname);
    if (check === undefined) return Response.json({ error: 'not found' }, { status: 404 });
    const result = await check(request);
    return result.ok ? Response.json({ auth: result.auth ?? null }) : result.response;
  });
}

runMetadataContract('fetch', start);
