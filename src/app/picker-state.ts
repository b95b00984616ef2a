import type {EngineChoice} from '../model/records.js';

export interface EnginePicker {
  /** undefined while the contexts are being read. */
  readonly items: readonly EngineChoice[] | undefined;
  readonly cursor: number;
  /** First context drawn (model/list-view). */
  readonly top: number;
  /** The context being connected to: the picker stays open until it answers or fails. */
  readonly connecting?: string;
  readonly error?: string;
  /** Tags the listing and the connection attempt: a late answer to a closed picker is dropped. */
  readonly seq: number;
}
