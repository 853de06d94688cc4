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
