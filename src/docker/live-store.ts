import {isDeepStrictEqual} from 'node:util';
import {type Snapshot, waitingSnapshot} from '../model/records.js';
import {withDeadline} from './deadline.js';
import {listProblem, lostProblem, sizeScanProblem} from './store-problems.js';
import {needsRefresh} from './engine-events.js';
import type {EngineEvent, EngineGateway, Subscription} from './gateway.js';

export type {Snapshot} from '../model/records.js';

export interface LiveStoreOptions {
  /** Events arriving within this window cause one refresh. */
  readonly coalesceMs?: number;
  /**
   * A periodic re-list, off by default (0): the event stream reports every volume and container
   * change, and each reconnect re-lists. At 10,000 volumes a once-a-minute poll cost 0.5-0.8 % of
   * a core while idle (npm run bench), against a budget of zero.
   */
  readonly pollMs?: number;
  /** Size scans (/system/df) run this often on their own. */
  readonly sizeIntervalMs?: number;
  /** After volumes appear, a size scan follows, but never closer than this to the previous one. */
  readonly sizeGapMs?: number;
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
  /** A list (volumes + containers) that takes longer fails with a message; the next event or `r` retries. */
  readonly listTimeoutMs?: number;
  /** /system/df walks every volume: minutes on a big, slow disk are normal; longer is not. */
  readonly sizeTimeoutMs?: number;
  /** A list still waiting after this long shows on the status line (a quick one re-renders nothing). */
  readonly pendingNoticeMs?: number;
  /**
   * The first size scan waits for this (several engines: until every engine has listed once, so
   * their /system/df walks do not compete with the first lists for the CPU; 80 ms of the first
   * frame with four engines on two cores). Default: at once (the store's own first list comes first anyway).
   */
  readonly firstSizesAfter?: Promise<unknown>;
  /** After the engine comes back: e.g. remove helpers whose removal failed while it was away. */
  readonly onReconnect?: () => void;
  readonly now?: () => number;
}

/**
 * Keeps a live picture of volumes and containers with a fixed number of API calls per refresh
 * (two lists), whatever the number of volumes. Knows nothing of React: the UI subscribes.
 */
export class LiveStore {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private readonly opts: Required<LiveStoreOptions>;
  private events: Subscription | undefined;
  private stopped = true;
  private everOpened = false;
  private coalesceTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private sizeTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay: number;
  private listing: Promise<void> | undefined;
  private listAgain = false;
  private sizingPromise: Promise<void> | undefined;
  private sizeAgain = false;
  private lastSizeStart = -Infinity;
  /** Aborted by cancelPending (Esc): the calls waiting now give up, later ones start afresh. */
  private cancel = new AbortController();

  constructor(
    private readonly gateway: EngineGateway,
    options: LiveStoreOptions = {},
  ) {
    this.opts = {
      coalesceMs: 150,
      pollMs: 0,
      sizeIntervalMs: 300_000,
      sizeGapMs: 30_000,
      reconnectMinMs: 1000,
      reconnectMaxMs: 30_000,
      listTimeoutMs: 30_000,
      sizeTimeoutMs: 600_000,
      pendingNoticeMs: 1000,
      onReconnect: () => {},
      firstSizesAfter: Promise.resolve(),
      now: Date.now,
      ...options,
    };
    this.reconnectDelay = this.opts.reconnectMinMs;
    this.snapshot = waitingSnapshot(gateway.address);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  /** Lists at once, opens the event stream, starts the size scans (and the poll, if asked for). */
  start(): Promise<void> {
    this.stopped = false;
    this.openEvents();
    if (this.opts.pollMs > 0) {
      this.pollTimer = setInterval(() => void this.refreshList(), this.opts.pollMs);
      this.pollTimer.unref();
    }
    // After this engine's own first list too: /system/df's walk beside it takes the engine from the
    // list (11,027 volumes on 20.10: names on screen at 340 ms with both out, 275-290 ms one after the other).
    return this.refreshList().then(() => {
      void this.opts.firstSizesAfter.then(() => {
        if (!this.stopped) void this.scanSizes();
      });
    });
  }

  stop(): void {
    this.stopped = true;
    this.cancel.abort();
    this.events?.close();
    for (const timer of [this.coalesceTimer, this.sizeTimer, this.reconnectTimer]) clearTimeout(timer);
    clearInterval(this.pollTimer);
  }

  /** Esc: whatever waits on the engine now (a size scan, a list) gives up; the table keeps what it has. */
  cancelPending(): void {
    if (!this.listing && !this.sizingPromise) return;
    this.cancel.abort();
    this.cancel = new AbortController();
  }

  /** `r`: lists and sizes now. */
  refreshAll(): Promise<void> {
    return Promise.all([this.refreshList(), this.scanSizes()]).then(() => undefined);
  }

  /** Never two list refreshes at once: a request during one runs once more after it. */
  refreshList(): Promise<void> {
    if (this.listing) {
      this.listAgain = true;
      return this.listing;
    }
    this.listing = this.listOnce().finally(() => {
      this.listing = undefined;
      if (this.listAgain && !this.stopped) {
        this.listAgain = false;
        void this.refreshList();
      }
    });
    return this.listing;
  }

  /** Never two size scans at once (each walks every volume on the engine's disk). */
  scanSizes(): Promise<void> {
    if (this.sizingPromise) {
      this.sizeAgain = true;
      return this.sizingPromise;
    }
    clearTimeout(this.sizeTimer);
    this.lastSizeStart = this.opts.now();
    this.update({sizingSince: this.lastSizeStart});
    this.sizingPromise = withDeadline('/system/df', this.opts.sizeTimeoutMs, this.cancel.signal, (signal) =>
      this.gateway.volumeUsage(signal),
    )
      .then(
        (usage) => this.update({usage, usageAt: this.opts.now(), sizingSince: undefined}),
        (error: unknown) => this.update({sizingSince: undefined, error: sizeScanProblem(error)}),
      )
      .finally(() => {
        this.sizingPromise = undefined;
        if (this.stopped) return;
        if (this.sizeAgain) {
          this.sizeAgain = false;
          void this.scanSizes();
        } else {
          this.scheduleSizes(this.opts.sizeIntervalMs);
        }
      });
    return this.sizingPromise;
  }

  private async listOnce(): Promise<void> {
    const started = this.opts.now();
    const notice = setTimeout(() => this.update({listingSince: started}), this.opts.pendingNoticeMs);
    try {
      const [volumes, containers] = await withDeadline(
        'the list',
        this.opts.listTimeoutMs,
        this.cancel.signal,
        (signal) => Promise.all([this.gateway.listVolumes(signal), this.gateway.listContainers(signal)]),
      );
      clearTimeout(notice);
      if (this.snapshot.listingSince !== undefined) this.update({listingSince: undefined});
      // A failed list left an error on screen; a stream that is still down keeps its own.
      const error = this.snapshot.connection === 'reconnecting' ? this.snapshot.error : undefined;
      // Nothing new, nothing drawn. Compared in place with what is shown: a JSON fingerprint was a
      // second copy of the whole list (megabytes at 10,000 volumes), kept between lists.
      if (
        this.snapshot.listed &&
        error === this.snapshot.error &&
        isDeepStrictEqual(volumes, this.snapshot.volumes) &&
        isDeepStrictEqual(containers, this.snapshot.containers)
      )
        return;
      const known = new Set(this.snapshot.volumes.map((v) => v.name));
      const added = this.snapshot.listed && volumes.some((v) => !known.has(v.name));
      this.update({volumes, containers, listed: true, error});
      if (added) this.sizesSoon();
      // Once per engine (the gateway caches it, and the size scan asks too): how its prune decides.
      if (this.snapshot.apiVersion === undefined) {
        void this.gateway.version().then(
          (v) => !this.stopped && this.update({apiVersion: v.apiVersion}),
          () => undefined,
        );
      }
    } catch (error) {
      clearTimeout(notice);
      this.update({listingSince: undefined, error: listProblem(error)});
    }
  }

  private openEvents(): void {
    if (this.stopped) return;
    this.events = this.gateway.subscribeEvents({
      onOpen: () => {
        this.reconnectDelay = this.opts.reconnectMinMs;
        // An engine down when the session started failed its first list: now it answers, list it.
        const neverListed = !this.everOpened && !this.snapshot.listed && this.snapshot.error !== undefined;
        this.update({connection: 'connected', error: undefined});
        if (neverListed) void this.refreshAll();
        // A reconnect does not mean an event will come soon: what changed while we were away
        // must be fetched now.
        if (this.everOpened) {
          void this.refreshAll();
          this.opts.onReconnect();
        }
        this.everOpened = true;
      },
      onEvent: (event) => this.onEvent(event),
      onClose: (error) => {
        if (this.stopped) return;
        const seconds = Math.round(this.reconnectDelay / 1000);
        this.update({
          connection: 'reconnecting',
          error: `${lostProblem(error, this.everOpened)}; trying again in ${seconds} s`,
        });
        this.reconnectTimer = setTimeout(() => this.openEvents(), this.reconnectDelay);
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.opts.reconnectMaxMs);
      },
    });
  }

  private onEvent(event: EngineEvent): void {
    if (!needsRefresh(event, this.snapshot.volumes)) return;
    if (this.coalesceTimer) return;
    this.coalesceTimer = setTimeout(() => {
      this.coalesceTimer = undefined;
      void this.refreshList();
    }, this.opts.coalesceMs);
  }

  private sizesSoon(): void {
    if (this.sizingPromise) return;
    const wait = Math.max(this.opts.coalesceMs, this.lastSizeStart + this.opts.sizeGapMs - this.opts.now());
    this.scheduleSizes(wait);
  }

  private scheduleSizes(delay: number): void {
    clearTimeout(this.sizeTimer);
    this.sizeTimer = setTimeout(() => void this.scanSizes(), delay);
    this.sizeTimer.unref();
  }

  private update(patch: Partial<Snapshot>): void {
    this.snapshot = {...this.snapshot, ...patch};
    for (const listener of this.listeners) listener();
  }
}
