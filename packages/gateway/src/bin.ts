#!/usr/bin/env node
import { gatewayMain } from './run.js';

// Exit explicitly: the code is known once the gateway has closed, whatever timers libraries keep.
process.exit(await gatewayMain(process.argv.slice(2)));
