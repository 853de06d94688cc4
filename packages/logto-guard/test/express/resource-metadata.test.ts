import { listenOnFreePort } from '@logto-guard/test-support';
import express from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  LogtoGuardConfigError,
  type ResourceMetadataOptions,
} from '../../src/core/index.js';
import { requireAuth, serveResourceMetadata } from '../../src/express/index.js';
import { API, contractRoutes, runMetadataContract } from '../contract/contract.js';

function serve(createApp: () => ReturnType<typeof express>) {
  return async (guard: Guard, options: ResourceMetadataOptions) => {
    const app = createApp();
    app.use(serveResourceMetadata(guard, options));
    for (const route of contractRoutes) {
      app.get(route.path, requireAuth(guard, route.policy), (req, res) => {
        res.json({ auth: req.auth ?? null });
      });
    }
    return listenOnFreePort(app);
  };
}

runMetadataContract('express 5', serve(express));
runMetadataContract('express 4', serve(express4 as unknown as typeof express));

describe('express serveResourceMetadata', () => {
  it('rejects an unknown option, naming it', () => {
    const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
    expect(() => serveResourceMetadata(guard, { resourceNam: 'x' } as never)).toThrow(LogtoGuardConfigError);
    expect(() => serveResourceMetadata(guard, { resourceNam: 'x' } as never)).toThrow('resourceNam');
  });
});
