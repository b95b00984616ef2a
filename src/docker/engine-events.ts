import type Docker from 'dockerode';
import type {EngineEvent, EventHandlers, Subscription} from './gateway.js';
import {toEvent} from './map.js';
import {createNdjsonParser} from './ndjson.js';

/** The engine answers the events request at once and streams after: silence means it is stuck (the store retries). */
const EVENTS_OPEN_TIMEOUT_MS = 15_000;

/**
 * Volume and container events as they happen; a stream that ends or never opens is reported once
 * through onClose. With `sinceMs` (ms since epoch), the engine first replays those from then on.
 */
export function subscribeEngineEvents(docker: Docker, handlers: EventHandlers, sinceMs?: number): Subscription {
  const abort = new AbortController();
  let closed = false;
  const finish = (error: unknown) => {
    if (closed) return;
    closed = true;
    handlers.onClose(error);
  };
  const parse = createNdjsonParser((value) => handlers.onEvent(toEvent(value as Parameters<typeof toEvent>[0])));
  const openTimer = setTimeout(() => {
    finish(new Error(`the engine did not open its event stream within ${EVENTS_OPEN_TIMEOUT_MS / 1000} s`));
    abort.abort();
  }, EVENTS_OPEN_TIMEOUT_MS);
  docker
    .getEvents({
      // Seconds, with the milliseconds as a fraction: the engine reads them as such.
      ...(sinceMs === undefined ? {} : {since: sinceMs / 1000}),
      filters: {type: ['volume', 'container']},
      abortSignal: abort.signal,
    })
    .then((raw) => {
      clearTimeout(openTimer);
      const stream = raw as NodeJS.ReadableStream & {destroy(): void};
      if (abort.signal.aborted) return void stream.destroy();
      handlers.onOpen();
      stream.on('data', parse);
      stream.on('error', finish);
      stream.on('end', () => finish(new Error('the engine closed the event stream')));
      stream.on('close', () => finish(new Error('the event stream closed')));
    })
    .catch((error: unknown) => {
      clearTimeout(openTimer);
      finish(error);
    });
  return {
    close() {
      clearTimeout(openTimer);
      closed = true;
      abort.abort();
    },
  };
}

/** Container actions that change which volumes are attached or whether a container runs. */
const CONTAINER_ACTIONS = new Set([
  'create',
  'destroy',
  'start',
  'die',
  'pause',
  'unpause',
  'rename',
  'restart',
  'oom',
]);

/**
 * The engine re-sends `create` for an existing volume each time a container mounts it, and
 * mount/unmount only mirror container start/stop: those alone need no refresh.
 */
export function needsRefresh(event: EngineEvent, volumes: readonly {readonly name: string}[]): boolean {
  if (event.type === 'volume') {
    if (event.action === 'destroy') return true;
    if (event.action === 'create') return !volumes.some((v) => v.name === event.id);
    return false;
  }
  return event.type === 'container' && CONTAINER_ACTIONS.has(event.action);
}
