// Bun.serve on 127.0.0.1 with a free port; prints `listening <url>` once it accepts connections.
import { type AppConfig, createApp } from './app.js';

declare const Bun: {
  version: string;
  argv: string[];
  serve(options: { port: number; hostname: string; fetch: (request: Request) => Promise<Response> }): {
    url: URL;
  };
};

const config = JSON.parse(Bun.argv[2] ?? '{}') as AppConfig;
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: createApp(config, { runtime: 'bun', version: Bun.version }),
});
console.log(`listening ${server.url.origin}`);
