import { bun } from './support/runtimes.js';
import { describeRuntime } from './support/suite.js';

describeRuntime(bun);
