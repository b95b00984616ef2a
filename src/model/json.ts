import type {VolumeRow} from './types.js';
import {VOLUME_FIELDS, type VolumeJson} from './volume-fields.js';

export type {VolumeJson} from './volume-fields.js';

/** One volume for `ls --json`: the keys every field of model/volume-fields.ts contributes. */
export function toJson(row: VolumeRow, withEngine = false): VolumeJson {
  return Object.assign({}, ...VOLUME_FIELDS.map((field) => field.json?.(row, withEngine) ?? {})) as VolumeJson;
}
