import {isUnused} from './join.js';
import type {VolumeRow} from './types.js';

export interface Summary {
  readonly total: number;
  readonly unused: number;
  /** Sum of known sizes; `undefined` until a size scan finished. */
  readonly totalSize: number | undefined;
  /** Sum of known sizes of unused volumes: what removing all unused volumes would free. */
  readonly reclaimable: number | undefined;
}

export function summarize(rows: readonly VolumeRow[], sizesKnown: boolean): Summary {
  let unused = 0;
  let totalSize = 0;
  let reclaimable = 0;
  for (const row of rows) {
    const size = typeof row.size === 'number' && row.size > 0 ? row.size : 0;
    totalSize += size;
    if (isUnused(row)) {
      unused++;
      reclaimable += size;
    }
  }
  return {
    total: rows.length,
    unused,
    totalSize: sizesKnown ? totalSize : undefined,
    reclaimable: sizesKnown ? reclaimable : undefined,
  };
}
