/**
 * Entry point of `npm start`: reads the environment, starts the demo, checks Logto (with
 * `LOGTO_ENDPOINT`), prints the banner last, stops on
 * SIGINT/SIGTERM. Failures the user can fix are printed as one line and exit 1, without a stack trace.
 *
 * @module
 */
import { renderBanner } from './banner.js';
import { checkLogto } from './check-logto.js';
import { DemoConfigError, readConfig } from './config.js';
import { DemoStartError, type RunningDemo, startDemo } from './start.js';

function fail(message: string): void {
  console.error(`demo-api: ${message}`);
  process.exitCode = 1;
}

function stopOnSignals(demo: RunningDemo): void {
  const stop = (signal: NodeJS.Signals) => {
    // A second signal while closing exits at once.
    process.once(signal, () => process.exit(1));
    console.log(`\n${signal}: stopping`);
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('demo-api: error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  let demo: RunningDemo;
  try {
    demo = await startDemo(readConfig(process.env));
  } catch (error) {
    if (error instanceof DemoConfigError || error instanceof DemoStartError) return fail(error.message);
    throw error;
  }
  stopOnSignals(demo);
  if (demo.devIssuer === undefined) {
    const problem = await checkLogto(demo.endpoint);
    if (problem !== undefined) {
      console.error(
        `demo-api: warning: ${problem}.\nThe API keeps running; protected routes answer 503 until Logto can be reached.\n`,
      );
    }
  }
  // Last, so that the commands to paste are what the terminal shows.
  console.log(renderBanner(demo));
}

await main();
