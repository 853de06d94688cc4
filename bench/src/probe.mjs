// Latency probe, run as a worker thread of the orchestrator (its own event loop, so autocannon's work
// does not delay its clock much): one keep-alive connection sends GET requests with a reused token, one at
// a time with a pause between, while the load runs; it answers { p50Ms, p99Ms, n, errors } when told to stop.
// What it measures is what a cache-hit request waits for on a server busy with new tokens.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, token, pauseMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const latencies = [];
let errors = 0;
let stopping = false;

function once() {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) latencies.push(performance.now() - start);
        else errors += 1;
        resolve();
      });
    });
    req.on('error', () => {
      errors += 1;
      resolve();
    });
  });
}

parentPort.on('message', (m) => {
  if (m === 'stop') stopping = true;
});
while (!stopping) {
  await once();
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
latencies.sort((a, b) => a - b);
const at = (q) =>
  latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : Number.NaN;
agent.destroy();
parentPort.postMessage({ p50Ms: at(0.5), p99Ms: at(0.99), n: latencies.length, errors });
