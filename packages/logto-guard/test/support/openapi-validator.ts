/**
 * Validates a generated OpenAPI document with a real validator (the OpenAPI Initiative's JSON schemas,
 * through @seriousme/openapi-schema-validator), not our own checks.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'vitest';

export async function expectValidOpenApi(document: unknown): Promise<void> {
  const result = await new Validator().validate(document as never);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
}

/** The scopes of the `logto` scheme in each security alternative of an operation. */
export function operationScopes(operation: unknown): string[][] {
  const security = (operation as { security?: Record<string, string[]>[] }).security ?? [];
  return security.flatMap((requirement) => (requirement.logto === undefined ? [] : [requirement.logto]));
}

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  responses?: Record<string, unknown>;
}

/**
 * Checks a document built from the contract routes (`test/contract/routes.ts`) mounted with `requireAuth`
 * (plus `POST /api/products` with the products policy and an unprotected `GET /health`): valid for a
 * real validator, each operation with its route's scopes and 401/403, and nothing for other routes.
 */
export async function expectContractOpenApi(document: { paths: Record<string, Record<string, Operation>> }) {
  await expectValidOpenApi(document);
  const { paths } = document;
  expect(operationScopes(paths['/api/products']?.get)).toEqual([['read:products']]);
  expect(operationScopes(paths['/api/products']?.post)).toEqual([['read:products']]);
  expect(operationScopes(paths['/api/protected']?.get)).toEqual([['api:read', 'api:write']]);
  expect(operationScopes(paths['/api/any']?.get)).toEqual([['api:read'], ['api:write']]);
  expect(paths['/api/optional']?.get?.security).toContainEqual({});
  expect(operationScopes(paths['/orgs/{organizationId}/members']?.get)).toEqual([['read:members']]);
  expect(operationScopes(paths['/orgs/{organizationId}/projects']?.get)).toEqual([['read:projects']]);
  expect(paths['/orgs/{organizationId}/projects']?.get?.parameters).toEqual([
    { name: 'organizationId', in: 'path', required: true, schema: { type: 'string' } },
  ]);
  expect(paths['/api/products']?.get?.responses).toEqual({
    '200': { description: 'OK' },
    '401': { $ref: '#/components/responses/LogtoGuardUnauthorized' },
    '403': { $ref: '#/components/responses/LogtoGuardForbidden' },
  });
  expect(Object.keys(paths['/api/products'] ?? {}).sort()).toEqual(['get', 'post']);
  expect(paths['/health']).toBeUndefined();
  expect(paths['/openapi.json']).toBeUndefined();
}
