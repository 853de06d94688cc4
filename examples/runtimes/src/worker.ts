// A Cloudflare Worker (module syntax). The guard lives in module scope, so one isolate keeps its key set
// and token cache across requests; it is made on the first request because bindings (`env`) only exist
// there.
import { type AppConfig, createApp } from './app.js';

interface Env {
  /** The guard options, as JSON. */
  CONFIG: string;
}

let app: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    app ??= createApp(JSON.parse(env.CONFIG) as AppConfig, {
      runtime: navigator.userAgent, // 'Cloudflare-Workers'; workerd has no version at run time
      version: 'unknown',
    });
    return app(request);
  },
};
