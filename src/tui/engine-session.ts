import type {EngineChoice} from '../model/records.js';
import {dockerConfigDir, listContexts} from '../docker/contexts.js';
import {type ConnectOptions, connect} from '../docker/connect.js';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {contextEndpoint} from '../docker/endpoint.js';
import {LiveStore} from '../docker/live-store.js';

/** What an interactive session needs to reach an engine and look inside its volumes. */
export interface SessionOptions extends ConnectOptions {
  readonly helperImage: string;
}

/** One engine as the TUI uses it: the gateway and the live picture of its volumes. */
export interface Engine {
  readonly gateway: DockerodeGateway;
  readonly store: LiveStore;
}

/**
 * Connects (ping with --timeout), then lists once, so the first frame for this engine is a full
 * one. Used at start and when the user switches context in the TUI.
 */
export async function openEngine(options: SessionOptions, contextSource?: string): Promise<Engine> {
  const gateway = await connect(options, contextSource);
  // Helpers that could not be removed while the engine was away go as soon as it is back.
  const store = new LiveStore(gateway, {onReconnect: () => void gateway.sweepOrphanHelpers().catch(() => undefined)});
  await store.start();
  return {gateway, store};
}

/** The options for the same session on another context: --host gives way, the rest stays. */
export function optionsForContext(options: SessionOptions, context: string): SessionOptions {
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
