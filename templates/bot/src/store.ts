import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export interface StoreOptions {
  /**
   * How long a write waits for a lock held by another connection (a backup, the sqlite3
   * shell), in ms. Default 1000. better-sqlite3 is synchronous, so the whole event loop
   * waits with it: keep this short. Within this process there is no lock contention.
   */
  busyTimeoutMs?: number;
}

export interface Store {
  /**
   * Records that an update is being handled. Returns false if it was recorded before:
   * Telegram sent it again after a restart, and it must not be handled twice.
   */
  claimUpdate(updateId: number): boolean;
  /** Adds one to the user's message count and returns the new count. */
  countMessage(userId: number): number;
  /** The user's message count; 0 for a user never seen. */
  messageCount(userId: number): number;
  /**
   * Forgets claimed update_ids older than `olderThanMs` (default 48 h) and returns how
   * many. Telegram keeps an unconfirmed update for at most 24 hours, so an older one
   * cannot come back.
   */
  pruneHandledUpdates(olderThanMs?: number): number;
  /** The schema version (`PRAGMA user_version`). */
  schemaVersion(): number;
  close(): void;
}

const HANDLED_UPDATE_RETENTION_MS = 48 * 60 * 60 * 1000;

// One entry per schema version; never edit a released entry, append a new one.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     user_id INTEGER PRIMARY KEY,
     message_count INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE handled_updates (
     update_id INTEGER PRIMARY KEY,
     handled_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX handled_updates_by_time ON handled_updates (handled_at);`,
];

/** Opens (creating the file and its folder if needed) and migrates the bot's database. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // A connection that switches to WAL keeps synchronous=FULL unless told otherwise; NORMAL
  // is durable against crashes of this process and much cheaper per commit.
  db.pragma("synchronous = NORMAL");
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 1000}`);
  migrate(db);

  const claim = db.prepare<[number, number]>(
    "INSERT OR IGNORE INTO handled_updates (update_id, handled_at) VALUES (?, ?)",
  );
  const increment = db.prepare<[number, number], { message_count: number }>(
    `INSERT INTO users (user_id, message_count, updated_at) VALUES (?, 1, ?)
     ON CONFLICT (user_id) DO UPDATE
       SET message_count = message_count + 1, updated_at = excluded.updated_at
     RETURNING message_count`,
  );
  const count = db.prepare<[number], { message_count: number }>(
    "SELECT message_count FROM users WHERE user_id = ?",
  );
  const prune = db.prepare<[number]>("DELETE FROM handled_updates WHERE handled_at < ?");

  return {
    claimUpdate: (updateId) => claim.run(updateId, Date.now()).changes === 1,
    countMessage: (userId) => increment.get(userId, Date.now())!.message_count,
    messageCount: (userId) => count.get(userId)?.message_count ?? 0,
    pruneHandledUpdates: (olderThanMs = HANDLED_UPDATE_RETENTION_MS) =>
      prune.run(Date.now() - olderThanMs).changes,
    schemaVersion: () => db.pragma("user_version", { simple: true }) as number,
    close: () => db.close(),
  };
}

function migrate(db: Database.Database): void {
  // IMMEDIATE takes the write lock before reading the version, so two processes starting
  // at once cannot both apply the same migration.
  db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `Database schema version ${version} is newer than this code knows ` +
          `(${MIGRATIONS.length}); run a newer version of the bot`,
      );
    }

    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
