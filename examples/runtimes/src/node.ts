// The same app on Node.js (@hono/node-server): the control that shows the path check can fail, since
// Node takes the node:crypto path. Prints `listening <url>` once it accepts connections.
import { serve } from '@hono/node-server';
import { type AppConfig, createApp } from './app.js';

const config = JSON.parse(process.argv[2] ?? '{}') as AppConfig;
const app = createApp(config, { runtime: 'node', version: process.versions.node });
serve({ fetch: app, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening http://127.0.0.1:${info.port}`);
});
