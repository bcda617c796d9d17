import { startBot } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { stopOnSignals } from "./shutdown.js";

// Exit codes: 0 stopped cleanly; 1 bad configuration, startup failure, Telegram refused
// polling (401, 409), shutdown deadline passed, or crash.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}

const app = await startBot(config).catch(() => process.exit(1));
stopOnSignals(app.shutdown, app.logger);
process.exit(await app.finished);
