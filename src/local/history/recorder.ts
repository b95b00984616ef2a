import {type GrowthWindow, type HistoryView, type SizePoint, type VolumeFacts, windowMs} from '../../model/growth.js';
import type {Snapshot} from '../../model/records.js';
import type {Container} from '../../model/types.js';
import {type History, scanOf, usersOf} from './history.js';
import {relieveAfterBurst} from '../memory-relief.js';
import type {HistoryStore, VolumeUser} from './store.js';

/** What the recorder follows: an engine's live store. */
export interface SnapshotSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Snapshot;
}

/** A big scan is written, and read back, this many volumes at a time, the event loop free between. */
const PART = 1000;

/** A write held up by another writer is tried again this often, this many times (5 s), then skipped. */
const BUSY_RETRY_MS = 250;
const BUSY_ATTEMPTS = 20;

/** Ink draws at most every 8 ms; the join and the frame a read causes are done well within this. */
const RELIEF_AFTER_MS = 100;

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One engine's size history in the TUI: records every size scan its store makes and every
 * container that mounts a volume, and publishes what the history knows for the table. All of it
 * runs after the frame that shows the data, in parts, one piece of work at a time; the store's
 * busy timeout is short, so another writer costs a skipped write, never a frame.
 */
export class EngineRecorder {
  private view: HistoryView | undefined;
  private snapshot: {view: HistoryView | undefined; note: string | undefined} = {view: undefined, note: undefined};
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private engineId: number | undefined;
  private lastUsageAt: number | undefined;
  private lastContainers: readonly Container[] | undefined;
  private lastVolumes: Snapshot['volumes'] | undefined;
  /** Mount pairs recorded from lists, so a list records only what started or ended. */
  private pairs = new Map<string, VolumeUser>();
  private currentMs: number | undefined;
  private stopped = false;

  constructor(
    private readonly history: Promise<History>,
    private readonly source: SnapshotSource,
    private readonly identify: () => Promise<string>,
    private readonly name: string,
    private window: GrowthWindow,
  ) {}

  start(): void {
    if (this.stopped) return;
    this.unsubscribe = this.source.subscribe(() => this.follow());
    this.follow();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  setWindow(window: GrowthWindow): void {
    if (window === this.window) return;
    this.window = window;
    this.enqueue(() => this.read());
  }

  series(name: string, window: GrowthWindow): Promise<{fromMs: number; toMs: number; points: SizePoint[]}> {
    const toMs = this.currentMs ?? Date.now();
    const fromMs = toMs - windowMs(window);
    return this.history.then((history) => {
      const engine = this.engineId;
      const points = engine === undefined ? [] : (history.use((s) => s.series(engine, name, fromMs)) ?? []);
      return {fromMs, toMs, points};
    });
  }

  private follow(): void {
    const snap = this.source.getSnapshot();
    if (!snap.listed) return;
    this.followRemovals(snap.volumes);
    if (snap.usage && snap.usageAt !== undefined && snap.usageAt !== this.lastUsageAt) {
      this.lastUsageAt = snap.usageAt;
      const scan = scanOf(snap.volumes, snap.containers, snap.usage, snap.usageAt);
      this.lastContainers = snap.containers;
      this.pairs = new Map(scan.users.map((u) => [`${u.volume}\n${u.id}`, u]));
      this.enqueue(async () => {
        await this.recordScan(scan);
        await this.read(scan.atMs);
      });
    } else if (snap.containers !== this.lastContainers) {
      const first = this.lastContainers === undefined;
      this.lastContainers = snap.containers;
      const changed = this.changedPairs(usersOf(snap.volumes, snap.containers));
      this.enqueue(async () => {
        if (changed.length)
          await this.withStore((history, engine) =>
            this.write(history, (s) => s.recordUsers(engine, Date.now(), changed)),
          );
        // What the history knew before this session's first scan: last users, first seen.
        if (first) await this.read();
      });
    }
  }

  /**
   * A volume a list no longer shows was removed: its history ends, so one made again under the
   * name starts its own (the engine's creation time cannot tell them apart, see schema.ts).
   */
  private followRemovals(volumes: Snapshot['volumes']): void {
    if (volumes === this.lastVolumes) return;
    const names = new Set(volumes.map((v) => v.name));
    const gone = this.lastVolumes?.filter((v) => !names.has(v.name)).map((v) => v.name) ?? [];
    this.lastVolumes = volumes;
    if (gone.length)
      this.enqueue(() =>
        this.withStore((history, engine) => this.write(history, (s) => s.endVolumes(engine, gone, Date.now()))),
      );
  }

  /** Pairs that appeared (first seen now) and pairs that ended (last seen now). */
  private changedPairs(users: readonly VolumeUser[]): VolumeUser[] {
    const now = new Map(users.map((u) => [`${u.volume}\n${u.id}`, u]));
    const changed = [...now].filter(([key]) => !this.pairs.has(key)).map(([, u]) => u);
    for (const [key, u] of this.pairs) if (!now.has(key)) changed.push(u);
    this.pairs = now;
    return changed;
  }

  private async recordScan(scan: ReturnType<typeof scanOf>): Promise<void> {
    await this.withStore(async (history, engine) => {
      const at = await this.write(history, (s) => s.transaction(() => s.scanTime(engine, scan.atMs)));
      if (at === undefined) return;
      for (let i = 0; i < scan.volumes.length || i === 0; i += PART) {
        const last = i + PART >= scan.volumes.length;
        const part = scan.volumes.slice(i, i + PART);
        await this.write(history, (s) => s.recordPart(engine, at, part, last ? scan.users : [], last));
        if (!last) await yieldToEvents();
      }
      await this.write(history, (s) => s.compactIfDue(scan.atMs));
    });
  }

  /**
   * The TUI's busy timeout is 0: a write that another writer (a cron `record`) holds up is not
   * waited for on the event loop, but tried again a little later, off it.
   */
  private async write<T>(history: History, work: (store: HistoryStore) => T): Promise<T | undefined> {
    for (let attempt = 0; attempt < BUSY_ATTEMPTS; attempt++) {
      const done = history.use((store) => ({value: work(store)}));
      if (done) return done.value;
      if (!history.on || this.stopped) return undefined;
      await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
    return undefined;
  }

  /** Reads the facts for the window in parts and publishes them. */
  private async read(currentMs = this.currentMs ?? Date.now()): Promise<void> {
    this.currentMs = currentMs;
    await this.withStore(async (history, engine) => {
      const window = this.window;
      // Only what the table shows: a store that remembers thousands of volumes gone holds none of them here.
      const listed = new Set(this.source.getSnapshot().volumes.map((v) => v.name));
      const query = history.use((s) => s.factsQuery(engine, windowMs(window), currentMs));
      if (!query) return;
      const facts = new Map<string, VolumeFacts>();
      for (let after = 0; after >= 0; ) {
        const next = history.use((s) => s.factsPart(query, after, PART, facts, listed));
        if (next === undefined) return;
        after = next;
        if (after >= 0) await yieldToEvents();
      }
      this.view = {window, facts};
    });
    this.publish();
    // Once the table has been joined and drawn again with it: that garbage goes too. One timer
    // per read, never a standing one.
    setTimeout(relieveAfterBurst, RELIEF_AFTER_MS).unref();
  }

  private async withStore(work: (history: History, engine: number) => unknown): Promise<void> {
    const history = await this.history;
    if (this.stopped) return;
    if (history.on && this.engineId === undefined) {
      // The engine is known by its /info ID; one that does not answer is asked again next time.
      const identity = await this.identify().catch(() => undefined);
      if (identity === undefined) return;
      this.engineId = await this.write(history, (s) => s.transaction(() => s.engine(identity, this.name, Date.now())));
    }
    if (this.engineId !== undefined && history.on) await work(history, this.engineId);
    if (history.note !== this.snapshot.note) this.publish(history.note);
  }

  private enqueue(work: () => Promise<void>): void {
    // After the frame that shows the data: the store's work never sits between a change and its frame.
    this.queue = this.queue
      .then(yieldToEvents)
      .then(work)
      .catch(() => undefined);
  }

  private publish(note = this.snapshot.note): void {
    this.snapshot = {view: this.view, note};
    for (const listener of this.listeners) listener();
  }
}
