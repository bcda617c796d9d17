import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openStore, type Store } from "../src/store.js";

let dir: string;
let path: string;
const opened: Store[] = [];

function open(): Store {
  const store = openStore(path);
  opened.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bot-store-"));
  path = join(dir, "nested", "bot.sqlite");
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe("store", () => {
  it("creates its folder, file and schema from nothing, in WAL mode", () => {
    const store = open();

    const raw = new Database(path, { readonly: true });
    const journalMode = raw.pragma("journal_mode", { simple: true });
    raw.close();
    expect(store.schemaVersion()).toBe(1);
    expect(journalMode).toBe("wal");
  });

  it("keeps data and schema version across a reopen without migrating again", () => {
    const first = open();
    first.countMessage(7);
    first.close();
    opened.length = 0;

    const second = open();

    expect(second.schemaVersion()).toBe(1);
    expect(second.messageCount(7)).toBe(1);
  });

  it("refuses a database written by a newer schema", () => {
    open().close();
    opened.length = 0;
    const raw = new Database(path);
    raw.pragma("user_version = 99");
    raw.close();

    expect(() => open()).toThrow(/schema version 99 is newer/);
  });

  it("counts messages per user", () => {
    const store = open();

    const counts = [store.countMessage(7), store.countMessage(7), store.countMessage(8)];

    expect(counts).toEqual([1, 2, 1]);
    expect(store.messageCount(7)).toBe(2);
    expect(store.messageCount(9)).toBe(0);
  });

  it("claims an update_id once, also after a restart", () => {
    const store = open();
    const firstClaim = store.claimUpdate(100);
    const secondClaim = store.claimUpdate(100);
    store.close();
    opened.length = 0;

    const afterRestart = open().claimUpdate(100);

    expect([firstClaim, secondClaim, afterRestart]).toEqual([true, false, false]);
  });

  it("forgets handled update_ids after the retention period", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = open();
    store.claimUpdate(100);
    vi.advanceTimersByTime(47 * 60 * 60 * 1000);
    store.claimUpdate(101);
    vi.advanceTimersByTime(2 * 60 * 60 * 1000);

    const pruned = store.pruneHandledUpdates();

    expect(pruned).toBe(1);
    expect(store.claimUpdate(100)).toBe(true);
    expect(store.claimUpdate(101)).toBe(false);
  });
});
