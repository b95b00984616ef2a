import type {Container, Volume, VolumeUsage} from '../model/types.js';

export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
}

export interface EngineEvent {
  readonly type: 'volume' | 'container' | string;
  readonly action: string;
  /** Volume name, or container id. */
  readonly id: string;
}

export interface EventHandlers {
  /** The stream is open: events from now on will arrive. */
  onOpen(): void;
  onEvent(event: EngineEvent): void;
  /** The stream ended or failed; the subscriber decides whether to resubscribe. */
  onClose(error: unknown): void;
}

export interface Subscription {
  close(): void;
}

/**
 * Everything volscope asks of an engine. The only door to dockerode; the app and tests speak to
 * this interface (dockerode-gateway for real engines, memory-gateway for fast UI tests).
 */
export interface EngineGateway {
  /** Human form of the address, e.g. unix:///var/run/docker.sock */
  readonly address: string;
  ping(timeoutMs: number): Promise<void>;
  version(): Promise<EngineVersion>;
  listVolumes(): Promise<Volume[]>;
  listContainers(): Promise<Container[]>;
  /** Sizes from /system/df: expensive, the engine walks every volume. */
  volumeUsage(): Promise<Map<string, VolumeUsage>>;
  /** Volume and container events only. */
  subscribeEvents(handlers: EventHandlers): Subscription;
}
