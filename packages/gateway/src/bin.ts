#!/usr/bin/env node
import { gatewayMain } from './run.js';

const code = await gatewayMain(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
