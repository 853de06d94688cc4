import { deno } from './support/runtimes.js';
import { describeRuntime } from './support/suite.js';

describeRuntime(deno);
