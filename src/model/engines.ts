/**
 * A volume is named by its engine and its name: two engines may each hold a `db_data`. Neither
 * context nor volume names contain `:`, so `ENGINE:NAME` reads unambiguously (as `scp` names a
 * file on a host) wherever a volume on an engine is written down.
 */
export interface VolumeRef {
  readonly engine: string;
  readonly name: string;
}

/** The key of a volume on an engine: one string for sets and maps (selection, marks). */
export function volumeKey(engine: string, name: string): string {
  return `${engine}:${name}`;
}

export function refOf(row: {readonly engine: string; readonly volume: {readonly name: string}}): VolumeRef {
  return {engine: row.engine, name: row.volume.name};
}

/** Refs grouped by engine, engines in the order they first appear: a grouped confirmation lists them so. */
export function byEngine<T extends {readonly engine: string}>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.engine) ?? [];
    if (!group.length) groups.set(item.engine, group);
    group.push(item);
  }
  return groups;
}

/** `CONTEXT:NAME` or `NAME` as typed on a command line; undefined when it is neither (an empty part, or a second `:`). */
export function parseVolumeArg(text: string): {readonly context?: string; readonly name: string} | undefined {
  const parts = text.split(':');
  if (parts.length === 1) return parts[0] ? {name: parts[0]} : undefined;
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return {context: parts[0], name: parts[1]};
}
