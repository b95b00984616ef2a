import type {EngineChoice} from '../model/records.js';

export interface EnginePicker {
  /** undefined while the contexts are being read. */
  readonly items: readonly EngineChoice[] | undefined;
  readonly cursor: number;
  /** First context drawn (model/list-view). */
  readonly top: number;
  /** Contexts marked with Space (those in use to start with); untouched, Enter takes the one under the cursor alone. */
  readonly marked: ReadonlySet<string>;
  readonly toggled: boolean;
  /** The contexts being connected to: the picker stays open until they answer or fail. */
  readonly connecting?: readonly string[];
  readonly error?: string;
  /** Tags the listing and the connection attempt: a late answer to a closed picker is dropped. */
  readonly seq: number;
}
