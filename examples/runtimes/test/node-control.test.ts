// The control: the same app and checks on Node.js, which takes the node:crypto path. Shows that the
// signature-path test of the other runtimes can tell the two paths apart.
import { node } from './support/runtimes.js';
import { describeSignaturePath } from './support/suite.js';

describeSignaturePath(node, 'node');
