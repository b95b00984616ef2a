import type {GrowthWindow} from '../model/growth.js';
import type {Unlock} from '../local/age.js';
import type {EngineChoice} from '../model/records.js';
import {dockerConfigDir, listContexts} from '../docker/contexts.js';
import {type ConnectOptions, gatewayOf, pingProblem} from '../docker/connect.js';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {contextEndpoint, engineName} from '../docker/endpoint.js';
import type {FirstLists} from '../docker/first-lists.js';
import {LiveStore} from '../docker/live-store.js';

/** What an interactive session needs to reach an engine and look inside its volumes. */
export interface SessionOptions extends ConnectOptions {
  readonly helperImage: string;
  /** What opens encrypted archives the TUI restores (-i, read before the screen is taken). */
  readonly unlock?: Unlock | undefined;
  /** `volscope browse ARCHIVE`: the session opens on this archive's file browser. */
  readonly archive?: string;
  /** false under --no-history: no size history is read or written. */
  readonly history?: boolean;
  /** --growth: the window the GROWTH column starts with. */
  readonly growth?: GrowthWindow;
}

/** One engine as the TUI uses it: its name, the gateway and the live picture of its volumes. */
export interface Engine {
  readonly name: string;
  readonly gateway: DockerodeGateway;
  readonly store: LiveStore;
}

function liveStore(gateway: DockerodeGateway, firstSizesAfter?: Promise<unknown>): LiveStore {
  // Helpers that could not be removed while the engine was away go as soon as it is back.
  return new LiveStore(gateway, {
    onReconnect: () => void gateway.sweepOrphans().catch(() => undefined),
    ...(firstSizesAfter ? {firstSizesAfter} : {}),
  });
}

/**
 * How long the first frame waits for the first list. An engine that answers lists well within it,
 * so its rows are in the first frame; one that answers its ping and then hangs (overloaded, or
 * hostile) gets the screen after this, with the list shown as pending and q, Esc and ? working —
 * not a blank terminal until the list's own 30 s deadline.
 */
const FIRST_LIST_WAIT_MS = 2_000;

function firstListOrWait(listed: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise((resolve) => (timer = setTimeout(resolve, FIRST_LIST_WAIT_MS)));
  return Promise.race([listed, waited]).finally(() => clearTimeout(timer));
}

/**
 * Connects (ping with --timeout) and lists once, so the first frame for this engine is a full
 * one (or, for an engine slow to list, the frame comes after FIRST_LIST_WAIT_MS). Used at start
 * and when the user switches context in the TUI.
 */
export async function openEngine(
  options: SessionOptions,
  contextSource?: string,
  firstLists?: FirstLists,
): Promise<Engine> {
  const gateway = gatewayOf(options, contextSource, firstLists);
  const store = liveStore(gateway);
  // The ping and the first list go out together: the list's answer no longer waits a round trip
  // behind the ping's. An engine that does not answer ends the start as before, with the ping's words.
  const listed = store.start();
  const problem = await pingProblem(gateway, options.timeout);
  if (problem) {
    store.stop();
    gateway.close();
    throw problem;
  }
  await firstListOrWait(listed);
  return {name: engineName(gateway), gateway, store};
}

/**
 * Several engines: each is pinged and listed on its own, and none can stop the session or hold
 * another up — one that does not answer is opened anyway, shown as unreachable, and retried by
 * its store. Resolves once the first engine has listed (or all have failed), so its rows are in
 * the first frame; the others arrive as each answers. An address that names no engine is still a
 * usage error, before anything is spoken to. One engine: exactly openEngine (a refusal ends the start).
 */
export async function openEngines(
  targets: readonly SessionOptions[],
  contextSource?: string,
  /** Each target's first lists, already asked for (tui start), by index. */
  firstLists: ReadonlyArray<FirstLists | undefined> = [],
): Promise<Engine[]> {
  if (targets.length === 1) return [await openEngine(targets[0]!, contextSource, firstLists[0])];
  const gateways = targets.map((target, index) => gatewayOf(target, contextSource, firstLists[index]));
  let listedAll: () => void = () => {};
  const allListed = new Promise<void>((resolve) => (listedAll = resolve));
  const engines = gateways.map((gateway) => ({
    name: engineName(gateway),
    gateway,
    store: liveStore(gateway, allListed),
  }));
  const listed = engines.map(async (engine, index) => {
    const problem = await pingProblem(engine.gateway, targets[index]!.timeout);
    // A down engine is started too (it keeps trying), but never counts as listed.
    const started = engine.store.start();
    if (problem) throw problem;
    await started;
  });
  void Promise.allSettled(listed).then(() => listedAll());
  await firstListOrWait(Promise.any(listed).catch(() => undefined));
  return engines;
}

/**
 * The first frame drawn once every engine's first list has landed or failed, or FIRST_LIST_WAIT_MS
 * from now: what waits for the rows of all of them. Four engines' size-history reads ran between
 * the first lists and held the last engine's rows back by ~200 ms; started as soon as the last list
 * landed, they still ran before Ink wrote the frame showing it.
 */
export function firstListsDrawn(engines: readonly Engine[], frames: FrameWatch): Promise<unknown> {
  const done = (engine: Engine) => {
    const {listed, error} = engine.store.getSnapshot();
    return listed || error !== undefined;
  };
  return firstListOrWait(frames.drawnOnce(() => engines.every(done)));
}

/**
 * Ink's frames, for work that must not hold one back: Ink writes a frame on a timer after React's
 * commit, so work started on the data that caused it would run first.
 */
export class FrameWatch {
  private readonly waiting = new Set<() => boolean>();

  /** Ink's onRender: a frame is on the screen. */
  drawn(): void {
    for (const settled of this.waiting) if (settled()) this.waiting.delete(settled);
  }

  /** Resolves after the first frame drawn while `ready` holds. */
  drawnOnce(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.add(() => {
        if (!ready()) return false;
        resolve();
        return true;
      });
    });
  }
}

/** The options for the same session on another context: --host gives way, the rest stays. */
export function optionsForContext(options: SessionOptions, context: string): SessionOptions {
  const {host: _host, ...rest} = options;
  return {...rest, context};
}

/** The CLI's contexts as the picker lists them, the ones in use marked (as `volscope contexts` shows them). */
export function engineChoices(
  current: ReadonlySet<string>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EngineChoice[] {
  return listContexts(dockerConfigDir(env)).map((context) => ({
    name: context.name,
    description: context.description,
    endpoint: contextEndpoint(context, env) + (context.tlsDir ? ' (TLS)' : ''),
    current: current.has(context.name),
  }));
}
