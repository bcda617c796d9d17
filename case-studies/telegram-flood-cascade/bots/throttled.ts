/**
 * The bot create-throttled-bot generates, started through its own `startBot` exactly as its
 * `src/main.ts` does, with one addition for the measurement: on exit it logs its counters
 * (`event: "final_stats"`), which the reproduction reads for the updates it throttled.
 */
import { startBot } from "../../../templates/bot/src/app.js";
import { parseConfig } from "../../../templates/bot/src/config.js";
import { stopOnSignals } from "../../../templates/bot/src/shutdown.js";

const app = await startBot(parseConfig(process.env));
stopOnSignals(app.shutdown, app.logger);
const exitCode = await app.finished;
app.logger.info({ event: "final_stats", ...app.stats() });
process.exit(exitCode);
