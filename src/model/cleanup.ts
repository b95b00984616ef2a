import {ANONYMOUS_LABEL} from './anonymous.js';
import {sanitize} from './sanitize.js';
import type {Container, VolumeRow} from './types.js';

/**
 * What a prune would take. "anonymous": unused anonymous volumes, what `docker volume prune` takes
 * on Docker >= 23 (API 1.42); "all": every unused volume, named too (`docker volume prune --all`,
 * and what older engines' plain prune takes). Unused means no container mounts it, running or not.
 */
export type PruneScope = 'anonymous' | 'all';

export interface PruneOptions {
  /**
   * Engines with API >= 1.42 decide by the `com.docker.volume.anonymous` label alone (a volume
   * made with `--mount type=volume,dst=...` has a random name but no label, and their prune keeps
   * it); older engines label nothing, so there the 64-hex name is the evidence.
   */
  readonly labelledOnly: boolean;
  /** Only volumes carrying this label (`key` or `key=value`), like `docker volume prune --filter label=`. */
  readonly label?: string;
}

export function pruneCandidates(
  rows: readonly VolumeRow[],
  scope: PruneScope,
  options: PruneOptions = {labelledOnly: false},
): VolumeRow[] {
  const anonymous = (row: VolumeRow) =>
    options.labelledOnly ? Object.hasOwn(row.volume.labels, ANONYMOUS_LABEL) : row.anonymous;
  return rows
    .filter((row) => row.containers.length === 0 && (scope === 'all' || anonymous(row)) && hasLabel(row, options.label))
    .sort((a, b) => (b.size ?? -1) - (a.size ?? -1) || (a.volume.name < b.volume.name ? -1 : 1));
}

/** `key` or `key=value`, like docker's `--filter label=`; undefined matches every row. */
export function hasLabel(row: VolumeRow, label: string | undefined): boolean {
  if (label === undefined) return true;
  const at = label.indexOf('=');
  if (at < 0) return Object.hasOwn(row.volume.labels, label);
  return row.volume.labels[label.slice(0, at)] === label.slice(at + 1);
}

export interface SizeTotal {
  /** Sum of the sizes that are known. */
  readonly bytes: number;
  /** How many have no known size (not measured yet, or n/a): the total is then a lower bound. */
  readonly unknown: number;
}

export function totalSize(rows: readonly VolumeRow[]): SizeTotal {
  let bytes = 0;
  let unknown = 0;
  for (const row of rows) {
    if (typeof row.size === 'number' && row.size >= 0) bytes += row.size;
    else unknown += 1;
  }
  return {bytes, unknown};
}

/** `db-1 (running), old-web (stopped)` */
export function holdersText(row: VolumeRow): string {
  return row.containers.map((c) => `${c.name} (${c.running ? 'running' : c.state || 'stopped'})`).join(', ');
}

/** What would free a volume: the containers that hold it must go (stopping is not enough). */
export function freeHint(row: VolumeRow): string {
  const names = row.containers.map((c) => c.name).join(' ');
  const running = row.containers.some((c) => c.running);
  return `remove ${row.containers.length === 1 ? 'that container' : 'those containers'} first (\`docker rm ${running ? '-f ' : ''}${names}\`)`;
}

/** Docker's rule for volume names (daemon/names: RestrictedNamePattern). */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Why a name would be refused by the engine, or undefined when it is fine. */
export function volumeNameProblem(name: string): string | undefined {
  if (name === '') return 'A name is needed.';
  if (name.length < 2) return 'A volume name needs at least 2 characters.';
  if (!VOLUME_NAME.test(name))
    return 'Only letters, digits, _ . - are allowed, and it must start with a letter or digit.';
  return undefined;
}

/** `docker [FLAGS] volume rm …`: FLAGS say which engine (`--context prod`), '' for the CLI's default. */
export function rmCommand(names: readonly string[], dockerFlags = ''): string {
  return `${dockerCommand(dockerFlags)} volume rm ${names.join(' ')}`;
}

export function pruneCommand(scope: PruneScope, dockerFlags = ''): string {
  return `${dockerCommand(dockerFlags)} volume prune${scope === 'all' ? ' --all' : ''}`;
}

const dockerCommand = (flags: string) => (flags ? `docker ${flags}` : 'docker');

/** `key=value` pairs, separated by commas or spaces; undefined when one has no `=`. */
export function parsePairs(text: string): Record<string, string> | undefined {
  const pairs: Record<string, string> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    pairs[part.slice(0, at)] = part.slice(at + 1);
  }
  return pairs;
}

export type RemoveReason = 'inUse' | 'gone' | 'readOnly' | 'failed';

/** A removal the engine refused, as ops/remove.ts reports it. */
export interface Skipped {
  readonly name: string;
  readonly reason: RemoveReason;
  readonly message: string;
  readonly containerIds: readonly string[];
}

/** How one name of a confirmed removal ended. */
export type RemoveOutcome = {readonly name: string; readonly removed: true} | ({readonly removed: false} & Skipped);

/** `NAME: in use by web-1 (attached since the list was made): kept.` — container names, not ids. */
export function describeSkip(skipped: Skipped, containers: readonly Container[]): string {
  const name = sanitize(skipped.name);
  switch (skipped.reason) {
    case 'inUse': {
      const holders = skipped.containerIds.map(
        (id) => containers.find((c) => c.id.startsWith(id) || id.startsWith(c.id))?.name ?? id.slice(0, 12),
      );
      return `${name}: in use by ${sanitize(holders.join(', ') || 'a container')} (attached since the list was made): kept.`;
    }
    case 'gone':
      return `${name}: already gone.`;
    case 'readOnly':
      return `${name}: ${sanitize(skipped.message)}`;
    case 'failed':
      return `${name}: the engine refused: ${sanitize(skipped.message)}`;
  }
}
