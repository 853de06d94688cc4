// Deno.serve on 127.0.0.1 with a free port; prints `listening <url>` once it accepts connections.
import { type AppConfig, createApp } from './app.js';

declare const Deno: {
  version: { deno: string };
  args: string[];
  serve(
    options: { port: number; hostname: string; onListen(address: { port: number }): void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
};

const config = JSON.parse(Deno.args[0] ?? '{}') as AppConfig;
Deno.serve(
  {
    port: 0,
    hostname: '127.0.0.1',
    onListen: ({ port }) => console.log(`listening http://127.0.0.1:${port}`),
  },
  createApp(config, { runtime: 'deno', version: Deno.version.deno }),
);
