import {hasLabel} from './cleanup.js';
import type {VolumeRow} from './types.js';

/** Which volumes a many-volume command (`backup --all | --label | --project | NAME...`) takes. */
export type VolumeSelector =
  | {readonly kind: 'all'}
  | {readonly kind: 'label'; readonly label: string}
  /** A Compose project: its labelled volumes and the anonymous ones its containers mount (inferred). */
  | {readonly kind: 'project'; readonly project: string}
  | {readonly kind: 'names'; readonly names: readonly string[]};

export interface Selection {
  /** In name order (as given, for names). */
  readonly rows: readonly VolumeRow[];
  /** Names given that the engine does not have. */
  readonly missing: readonly string[];
}

export function selectVolumes(rows: readonly VolumeRow[], selector: VolumeSelector): Selection {
  const byName = (a: VolumeRow, b: VolumeRow) => a.volume.name.localeCompare(b.volume.name);
  switch (selector.kind) {
    case 'all':
      return {rows: [...rows].sort(byName), missing: []};
    case 'label':
      return {rows: rows.filter((row) => hasLabel(row, selector.label)).sort(byName), missing: []};
    case 'project':
      return {rows: rows.filter((row) => row.composeProject === selector.project).sort(byName), missing: []};
    case 'names': {
      const found = new Map(rows.map((row) => [row.volume.name, row]));
      const unique = [...new Set(selector.names)];
      return {
        rows: unique.flatMap((name) => found.get(name) ?? []),
        missing: unique.filter((name) => !found.has(name)),
      };
    }
  }
}

export function selectorText(selector: VolumeSelector): string {
  switch (selector.kind) {
    case 'all':
      return '--all';
    case 'label':
      return `--label ${selector.label}`;
    case 'project':
      return `--project ${selector.project}`;
    case 'names':
      return selector.names.join(' ');
  }
}
