// No guard here: middleware.ts lets only callers with `api:read` reach /api/admin/*.
export function GET(request: Request) {
  return Response.json({ sub: request.headers.get('x-auth-sub') });
}
