import type {EngineChoice} from '../app/picker-state.js';
import {dockerConfigDir, listContexts} from '../docker/contexts.js';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {LiveStore} from '../docker/live-store.js';
import type {GlobalOptions} from './args.js';
import {connect} from './connect.js';
import {contextEndpoint} from './contexts.js';

/** One engine as the TUI uses it: the gateway and the live picture of its volumes. */
export interface Engine {
  readonly gateway: DockerodeGateway;
  readonly store: LiveStore;
}

/**
 * Connects (ping with --timeout), then lists once, so the first frame for this engine is a full
 * one. Used at start and when the user switches context in the TUI.
 */
export async function openEngine(options: GlobalOptions, contextSource?: string): Promise<Engine> {
  const gateway = await connect(options, contextSource);
  // Helpers that could not be removed while the engine was away go as soon as it is back.
  const store = new LiveStore(gateway, {onReconnect: () => void gateway.sweepOrphanHelpers().catch(() => undefined)});
  await store.start();
  return {gateway, store};
}

/** The options for the same session on another context: --host gives way, the rest stays. */
export function optionsForContext(options: GlobalOptions, context: string): GlobalOptions {
  const {host: _host, ...rest} = options;
  return {...rest, context};
}

/** The CLI's contexts as the picker lists them, the one in use marked (as `volscope contexts` shows them). */
export function engineChoices(current: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): EngineChoice[] {
  return listContexts(dockerConfigDir(env)).map((context) => ({
    name: context.name,
    description: context.description,
    endpoint: contextEndpoint(context, env) + (context.tlsDir ? ' (TLS)' : ''),
    current: context.name === current,
  }));
}
