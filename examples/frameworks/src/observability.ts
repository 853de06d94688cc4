import { createGuard } from 'logto-guard';
import pino from 'pino';
import { Counter } from 'prom-client';

const log = pino();
const failures = new Counter({
  name: 'auth_failures_total',
  help: 'Auth failures',
  labelNames: ['code', 'status'],
});

export const guard = createGuard({
  endpoint: 'https://your-tenant.logto.app',
  audience: 'https://api.example.com',
  onFailure: (event) => {
    if (event.type === 'request') failures.inc({ code: event.code, status: event.status });
    log[event.type === 'request' && event.status < 500 ? 'info' : 'warn']({ auth: event }, 'auth failure');
  },
});
