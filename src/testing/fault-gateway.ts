import type {TmpfsDetail} from '../model/mounts.js';
import type {Container, Volume, VolumeUsage} from '../model/types.js';
import type {EngineGateway, EngineVersion, EventHandlers, Subscription, VolumeSpec} from '../docker/gateway.js';

type Call = 'ping' | 'listVolumes' | 'listContainers' | 'volumeUsage' | 'removeVolume' | 'createVolume';

type Fault =
  | {readonly kind: 'hang'}
  | {readonly kind: 'slow'; readonly ms: number}
  | {readonly kind: 'fail'; readonly error: unknown};

/**
 * Wraps any gateway and makes chosen calls hang, crawl or fail: how the UI is tested against a
 * sick engine (a /system/df that takes minutes, a list that never answers). A hung call still
 * honours its AbortSignal, as a real request does; one without a signal waits for release().
 */
export class FaultGateway implements EngineGateway {
  private readonly faults = new Map<Call, Fault>();
  private readonly held = new Map<Call, Set<() => void>>();
  /** Calls that have started and not settled, per method. */
  readonly inFlight: Record<Call, number> = {
    ping: 0,
    listVolumes: 0,
    listContainers: 0,
    volumeUsage: 0,
    removeVolume: 0,
    createVolume: 0,
  };
  /** Calls that ended because their signal aborted (deadline or cancel). */
  readonly aborted: Record<Call, number> = {
    ping: 0,
    listVolumes: 0,
    listContainers: 0,
    volumeUsage: 0,
    removeVolume: 0,
    createVolume: 0,
  };

  constructor(private readonly inner: EngineGateway) {}

  get address(): string {
    return this.inner.address;
  }

  /** Every later call of `method` waits until its signal aborts or release(method). */
  hang(method: Call): void {
    this.faults.set(method, {kind: 'hang'});
  }

  /** Every later call of `method` answers after `ms`. */
  slow(method: Call, ms: number): void {
    this.faults.set(method, {kind: 'slow', ms});
  }

  /** Every later call of `method` fails with `error`. */
  fail(method: Call, error: unknown): void {
    this.faults.set(method, {kind: 'fail', error});
  }

  /** Back to normal; calls hanging now go through to the inner gateway. */
  release(method: Call): void {
    this.faults.delete(method);
    for (const go of this.held.get(method) ?? []) go();
    this.held.delete(method);
  }

  ping(timeoutMs: number): Promise<void> {
    return this.run('ping', undefined, () => this.inner.ping(timeoutMs));
  }

  version(): Promise<EngineVersion> {
    return this.inner.version();
  }

  identity(): Promise<string> {
    return this.inner.identity();
  }

  listVolumes(signal?: AbortSignal): Promise<Volume[]> {
    return this.run('listVolumes', signal, () => this.inner.listVolumes(signal));
  }

  inspectTmpfs(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, TmpfsDetail[]>> {
    return this.inner.inspectTmpfs(ids, signal);
  }

  listContainers(signal?: AbortSignal): Promise<Container[]> {
    return this.run('listContainers', signal, () => this.inner.listContainers(signal));
  }

  volumeUsage(signal?: AbortSignal): Promise<Map<string, VolumeUsage>> {
    return this.run('volumeUsage', signal, () => this.inner.volumeUsage(signal));
  }

  subscribeEvents(handlers: EventHandlers): Subscription {
    return this.inner.subscribeEvents(handlers);
  }

  removeVolume(name: string): Promise<void> {
    return this.run('removeVolume', undefined, () => this.inner.removeVolume(name));
  }

  createVolume(spec: VolumeSpec): Promise<Volume> {
    return this.run('createVolume', undefined, () => this.inner.createVolume(spec));
  }

  private async run<T>(method: Call, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    const fault = this.faults.get(method);
    this.inFlight[method]++;
    try {
      if (fault?.kind === 'fail') throw fault.error;
      if (fault) await this.wait(method, fault, signal);
      return await call();
    } finally {
      this.inFlight[method]--;
    }
  }

  private wait(method: Call, fault: Fault, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const go = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.held.get(method)?.delete(go);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(timer);
        this.held.get(method)?.delete(go);
        this.aborted[method]++;
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, {once: true});
      if (fault.kind === 'slow') timer = setTimeout(go, fault.ms);
      const held = this.held.get(method) ?? new Set();
      held.add(go);
      this.held.set(method, held);
    });
  }
}
