import {type ClientRequest, request} from 'node:http';
import type {Container, Volume} from '../model/types.js';
import {type Endpoint, resolveEndpoint, type TlsFlags} from './endpoint.js';
import {readJsonReply} from './json-reply.js';
import {CONTAINERS_PATH, containerList, VOLUMES_PATH, volumeList} from './list-replies.js';

interface Answers {
  volumes: Volume[];
  containers: Container[];
}
type Kind = keyof Answers;

/**
 * An engine's first two lists, asked for over its local socket with bare node:http as soon as its
 * address is known: before dockerode and the engine session load (~30 ms of a start on Node 26).
 * The first frame is drawn from them (tui/early-frame.ts), and the engine's store starts from the
 * same answers (DockerodeGateway takes them once): no call more than before. An answer that
 * fails is asked for again the usual way, so what the user reads about it is what it always was.
 */
export class FirstLists {
  readonly volumes: Promise<Volume[]>;
  readonly containers: Promise<Container[]>;
  /**
   * Both requests written to the socket (or failed). A socket connects only once the event loop
   * turns, and an import is a chain of microtasks that keeps it from turning: the caller waits for
   * this before loading more, or the requests would leave only after that load.
   */
  readonly sent: Promise<void>;
  /** The engine has begun both answers (their status lines came), or a request failed. */
  readonly begun: Promise<void>;
  private readonly written: Promise<void>[] = [];
  private readonly heads: Promise<void>[] = [];
  /** When they were asked for (ms since epoch): the engine's first event stream replays from here. */
  private readonly askedAt = Date.now();
  private replayed = false;
  private readonly pending = new Set<ClientRequest>();
  private readonly taken = new Set<Kind>();

  constructor(readonly socketPath: string) {
    this.volumes = this.get(VOLUMES_PATH, volumeList);
    this.containers = this.get(CONTAINERS_PATH, containerList);
    this.sent = Promise.all(this.written).then(() => undefined);
    this.begun = Promise.all(this.heads).then(() => undefined);
  }

  /**
   * The first caller of a kind gets this answer (or, when it failed, `fresh`'s); later callers,
   * and one whose signal fires first, get `fresh` alone.
   */
  async use<K extends Kind>(
    kind: K,
    signal: AbortSignal | undefined,
    fresh: () => Promise<Answers[K]>,
  ): Promise<Answers[K]> {
    if (this.taken.has(kind)) return fresh();
    this.taken.add(kind);
    const early = (kind === 'volumes' ? this.volumes : this.containers) as Promise<Answers[K]>;
    const answer = await settledUnlessAborted(early, signal);
    if (answer.ok) return answer.value;
    if (signal?.aborted) {
      this.abandon();
      throw signal.reason;
    }
    return fresh();
  }

  /**
   * Once: when the first event stream should start, so that no change is missed between these
   * answers and the stream (it opens ~50 ms later, once the engine session has loaded). A local
   * socket's engine shares this clock; a change the lists already show comes again as an event
   * and costs one more refresh, nothing else.
   */
  replayFrom(): number | undefined {
    if (this.replayed) return undefined;
    this.replayed = true;
    return this.askedAt;
  }

  /** Drops the answers still on the wire (an engine that hangs would keep their sockets open). */
  abandon(): void {
    for (const pending of this.pending) pending.destroy();
  }

  private get<T>(path: string, read: (body: unknown) => T): Promise<T> {
    let begin = () => {};
    this.heads.push(new Promise((begun) => (begin = begun)));
    const answer = new Promise<T>((resolve, reject) => {
      const asked = request({socketPath: this.socketPath, path, method: 'GET', agent: false}, (reply) => {
        begin();
        if (reply.statusCode !== 200) {
          reply.resume();
          reject(new Error(`GET ${path}: HTTP ${reply.statusCode}`));
          return;
        }
        readJsonReply(reply, `GET ${path}`).then((body) => resolve(read(body)), reject);
      });
      this.pending.add(asked);
      this.written.push(
        new Promise<void>((sent) => {
          asked.on('finish', sent);
          asked.on('close', sent);
        }),
      );
      asked.on('close', () => {
        this.pending.delete(asked);
        begin();
      });
      asked.on('error', reject);
      asked.end();
    });
    // Only `use` reports a failure (by asking again): an answer nobody takes must not crash the process.
    answer.catch(() => undefined);
    return answer;
  }
}

/** The first lists of the engine `options` name, when it is reached over a local socket; else undefined. */
export function askFirstLists(
  options: {readonly host?: string; readonly context?: string} & TlsFlags,
): {endpoint: Endpoint; lists: FirstLists | undefined} | undefined {
  let endpoint: Endpoint;
  try {
    endpoint = resolveEndpoint({
      hostFlag: options.host,
      contextFlag: options.context,
      tlsFlags: options,
      env: process.env,
    });
  } catch {
    return undefined; // the engine session says why, in the words it always has
  }
  const lists = endpoint.transport === 'unix' && endpoint.socketPath ? new FirstLists(endpoint.socketPath) : undefined;
  return {endpoint, lists};
}

function settledUnlessAborted<T>(
  answer: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<{ok: true; value: T} | {ok: false}> {
  const settled = answer.then(
    (value) => ({ok: true as const, value}),
    () => ({ok: false as const}),
  );
  if (!signal) return settled;
  if (signal.aborted) return Promise.resolve({ok: false});
  return new Promise((resolve) => {
    const aborted = () => resolve({ok: false});
    signal.addEventListener('abort', aborted, {once: true});
    void settled.then((result) => {
      signal.removeEventListener('abort', aborted);
      resolve(result);
    });
  });
}
