import { workerd } from './support/runtimes.js';
import { describeRuntime } from './support/suite.js';

describeRuntime(workerd);
