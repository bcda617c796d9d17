import { startBot } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { stopOnSignals } from "./shutdown.js";

// Exit codes: 0 stopped cleanly, also by SIGINT or SIGTERM during startup; 1 bad
// configuration, startup failure, Telegram refused polling (401, 409), shutdown deadline
// passed, or crash.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}

// Until polling runs, SIGINT or SIGTERM cancels the startup instead of ending the process
// without a word: getMe alone can take up to the request timeout.
const startup = new AbortController();
const abortStartup = (signal: NodeJS.Signals) => startup.abort(signal);
process.once("SIGINT", abortStartup);
process.once("SIGTERM", abortStartup);
const app = await startBot(config, { signal: startup.signal }).catch(() =>
  process.exit(startup.signal.aborted ? 0 : 1),
);
process.off("SIGINT", abortStartup);
process.off("SIGTERM", abortStartup);
stopOnSignals(app.shutdown, app.logger);
process.exit(await app.finished);
