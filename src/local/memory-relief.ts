import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

/**
 * V8 frees a Buffer's memory, and a finished zlib stream's state, only when it collects the small
 * JS object that owns it, and it collects when its own heap fills — which a stream of 1 MiB
 * buffers hardly touches: until V8's external-memory trigger fires, every gzip member leaves
 * ~1.3 MB behind. Streaming a 500 MB backup kept RSS at 156 MB, its verify at 148 MB. So the
 * streaming loops count the bytes they let go of and start a full collection every RELIEF_BYTES
 * (then 118 and 101 MB; at 32 MiB hardly better than none). From the command line the collection
 * runs at once ('sync'), and every LAST_RESORT_EVERY-th one also hands back the heap's empty
 * pages: begun concurrently ('async'), V8 let the heap it keeps committed grow to ~45 MB over
 * 20,000 small entries (a restore's tar checks, 420 MB: RSS 153 MB and 4.4 s async; 131 MB and
 * 4.9 s sync; 109 MB and 5.0 s with every 16th a last-resort one; 112 MB and 7.9 s with all of
 * them). In the TUI it stays concurrent, so a backup does not stall key presses on a heap that
 * holds the table. The collector is reached the way the `expose-gc` package does it (the flag set
 * at run time, `gc` taken from a fresh context); where that fails nothing else changes.
 */
const RELIEF_BYTES = 8 * 1024 * 1024;
const LAST_RESORT_EVERY = 16;

type Collect = (options: {type: 'major'; execution: 'async' | 'sync'; flavor?: 'regular' | 'last-resort'}) => void;

let collect: Collect | null | undefined;
let interactive = false;
let collections = 0;

/** The TUI is up: collections run concurrently, never stopping the event loop that draws it. */
export function collectConcurrently(): void {
  interactive = true;
}

/**
 * For a command-line transfer: V8 grows its young generation with the allocation rate, to 32-64
 * MB of semi-spaces under a stream of chunks and tar entries, and keeps it — a third of the
 * 150 MB budget (a 5 GB clone inside one engine peaked at 142 MB RSS with 62 MB of heap committed
 * and 31 MB used). Held at its starting size (growth factor 1), scavenges come more often and
 * each is cheaper. Set at run time because `--max-semi-space-size` works only as a launch flag,
 * which an npm bin link, `npm start` and the single executable would each have to carry; the
 * growth factor is read at each growth, so it works from here. The TUI holds it too while its
 * table is small (at 2,025 volumes: RSS settled 122.7 -> 105.8 MB, keypress p95 37 -> 31 ms); see
 * releaseYoungGeneration for a large one.
 */
export function holdYoungGeneration(): void {
  setGrowthFactor(1);
}

/**
 * V8's own growth again, for a table so large that keys would wait on scavenges, each finding the
 * table's fresh objects alive. At 11,027 volumes a held young generation costs a G/g keypress
 * through tmux p50 14.5 -> 16 ms and p95 23 -> 27 ms, and saves 40 MB of RSS (175 -> 135 MB): so
 * the TUI lets go only past LARGE_TABLE_ROWS volumes (four engines of 10,000).
 */
export function releaseYoungGeneration(): void {
  setGrowthFactor(2);
}

/**
 * The TUI runs without V8's top tier, TurboFan, for its JavaScript and for yoga's WebAssembly (Ink's
 * layout, which stays in Liftoff's code); the baseline compilers and Maglev stay. A screen of rows
 * never needs it, yet it compiles the start's hot code on a background thread, beside the first
 * lists on a 2-core machine, and its code is pages of the Node binary nothing else touches.
 * Measured (docs/benchmarks.md "The top tier"): four engines' rows on screen 939 -> 878 ms; the
 * Node binary's resident pages 50.4 -> 45.9 MB for the WebAssembly alone, whose tier-up TurboFan
 * compiled one layout function; a keypress at 10,000 volumes the same within the noise (p50 9–11
 * ms either way, budget 50); a backup streams through native zlib and hashing and took 2.7 s for
 * 83 MB either way. Commands keep it: only the TUI was measured without it. Set at run time, so
 * the launcher and the single executable share it: dynamic tiering is turned off by name, as
 * `--liftoff-only` implies it only when given at launch.
 */
export function drawWithoutTopTier(): void {
  for (const flag of TOP_TIER_OFF) setFlagsFromString(flag);
}

/**
 * V8 does not throw on a flag it lacks: it says so on stderr, over the TUI's terminal, and goes on.
 * test/local/memory-relief.test.ts checks each against the running Node's --v8-options.
 */
export const TOP_TIER_OFF = ['--no-turbofan', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'] as const;

/** Above this many volumes the TUI lets V8 grow its young generation as it likes. */
export const LARGE_TABLE_ROWS = 20_000;

function setGrowthFactor(factor: number): void {
  try {
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  } catch {
    // An engine without the flag grows as it likes: only memory, never behaviour, differs.
  }
}

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    collect = typeof gc === 'function' ? (gc as Collect) : null;
  } catch {
    collect = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/**
 * What one tar entry leaves for the collector as it passes a parser (header, path strings,
 * streams, closures): a few KB that V8 let pile up to ~90 MB over 20,000 small files before it
 * collected. Counted as bytes let go of, a collection comes every 512 entries.
 */
const ENTRY_GARBAGE = 16 * 1024;

/** Counts bytes a stream has let go of; collects once enough of them add up. */
export class MemoryRelief {
  private since = 0;
  /** One tar entry parsed and done with. */
  releaseEntry(): void {
    this.release(ENTRY_GARBAGE);
  }

  release(bytes: number): void {
    this.since += bytes;
    if (this.since < RELIEF_BYTES) return;
    this.since = 0;
    const gc = collector();
    if (!gc) return;
    if (interactive) {
      gc({type: 'major', execution: 'async'});
      return;
    }
    collections += 1;
    gc({type: 'major', execution: 'sync', flavor: collections % LAST_RESORT_EVERY === 0 ? 'last-resort' : 'regular'});
  }
}

/**
 * After a burst of short-lived objects (the history's record and read of thousands of rows): one
 * concurrent collection. An idle TUI allocates nothing, so V8 would otherwise keep the heap the
 * burst grew to for as long as the session lasts.
 */
export function relieveAfterBurst(): void {
  const gc = collector();
  gc?.({type: 'major', execution: 'async'});
}

/**
 * Once the start's work is on screen: one collection that also hands V8's empty pages back to the
 * system. A regular collection frees the start's garbage inside V8 but keeps its pages pooled for
 * the allocations a busy start makes next — the heap fell from 26 to 19 MB while RSS stayed at 87
 * MB, at 1,025 volumes, and stayed there, as an idle TUI allocates nothing to trigger V8's own
 * memory reducer. The last-resort flavour shrinks the young generation and unmaps the pool: RSS
 * settled 87.4-88.8 -> 77.2-77.8 MB (`/tmp/rss.sh` runs, a `--require` hook calling this at 2 s).
 * It runs as a task of its own (the call returns at once); the task holds the thread 18-31 ms at
 * ~1,000 volumes and 40-52 ms at 10,002, once per session. Node 26's V8 has the flavour (the
 * pinned runtime and the single file); 22's and 24's run a regular major collection instead.
 */
export function settleAfterStart(): void {
  const gc = collector();
  gc?.({type: 'major', execution: 'async', flavor: 'last-resort'});
}
