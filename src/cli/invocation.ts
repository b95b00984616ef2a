import type {GrowthWindow} from '../model/growth.js';
import type {SessionOptions} from '../tui/engine-session.js';
import type {VolumeSelector} from '../model/selection.js';
import type {KeyFlags} from './keys.js';

/** One engine named on the command line: by -c or by -H (never both). */
export interface EngineTarget {
  readonly context?: string;
  readonly host?: string;
}

/**
 * The global flags: how to reach the engine (host/context: the only one, when one is named),
 * plus how to draw and which helper image to use. `targets` holds every -c and -H in order
 * given (contexts first); --all-contexts is expanded by the caller, which reads the store.
 */
export interface GlobalOptions extends SessionOptions {
  readonly ascii: boolean;
  /** -i: age identity files, for every command that reads encrypted archives. */
  readonly identity?: readonly string[];
  readonly targets: readonly EngineTarget[];
  readonly allContexts: boolean;
}

export type Invocation =
  | {readonly command: 'tui'; readonly options: GlobalOptions}
  | {readonly command: 'ls'; readonly options: GlobalOptions; readonly json: boolean; readonly sizes: boolean}
  | {readonly command: 'rm'; readonly options: GlobalOptions; readonly names: readonly string[]}
  | {
      readonly command: 'prune';
      readonly options: GlobalOptions;
      readonly all: boolean;
      readonly dryRun: boolean;
      readonly yes: boolean;
      readonly label?: string;
    }
  | {
      readonly command: 'backup';
      readonly options: GlobalOptions;
      /** Volume names given; empty with a selector. */
      readonly volumes: readonly string[];
      readonly selector?: VolumeSelector;
      readonly output?: string;
      readonly level: number;
      readonly stopContainers: boolean;
      readonly keep?: number;
      readonly quiet: boolean;
      readonly breakLock: boolean;
      readonly keys: KeyFlags;
      readonly notify: readonly string[];
    }
  | {
      readonly command: 'verify';
      readonly options: GlobalOptions;
      readonly file: string;
      readonly restoreTest: boolean;
      readonly keys: KeyFlags;
      readonly notify: readonly string[];
    }
  | {
      readonly command: 'clone';
      readonly options: GlobalOptions;
      readonly source: string;
      readonly target: string;
      readonly labels: boolean;
      readonly removeSource: boolean;
      readonly yes: boolean;
    }
  | {
      readonly command: 'restore';
      readonly options: GlobalOptions;
      readonly file: string;
      readonly volume: string;
      readonly replace: boolean;
      readonly yes: boolean;
      readonly plain: boolean;
      readonly stopContainers: boolean;
      readonly keys: KeyFlags;
      /** Only these files and folders of the archive, into a volume that may hold others. */
      readonly paths: readonly string[];
      readonly existing?: 'overwrite' | 'skip';
    }
  | {
      readonly command: 'extract';
      readonly options: GlobalOptions;
      readonly file: string;
      readonly paths: readonly string[];
      readonly output: string;
      readonly existing: 'refuse' | 'overwrite' | 'skip';
      readonly keys: KeyFlags;
    }
  | {readonly command: 'browse'; readonly options: GlobalOptions; readonly file: string; readonly keys: KeyFlags}
  | {
      readonly command: 'empty';
      readonly options: GlobalOptions;
      readonly volume: string;
      readonly yes: boolean;
      readonly stopContainers: boolean;
    }
  | {readonly command: 'rename'; readonly options: GlobalOptions; readonly from: string; readonly to: string}
  | {readonly command: 'contexts'; readonly options: GlobalOptions; readonly json: boolean}
  | {readonly command: 'backups'; readonly options: GlobalOptions; readonly target: string; readonly json: boolean}
  | {readonly command: 'mounts'; readonly options: GlobalOptions; readonly json: boolean; readonly sizes: boolean}
  | {readonly command: 'record'; readonly options: GlobalOptions}
  | {
      readonly command: 'cp';
      readonly options: GlobalOptions;
      readonly sources: readonly string[];
      readonly dest: string;
      /** -a: owners, modes, times and hard links kept. */
      readonly archive: boolean;
      readonly chown?: {readonly uid: number; readonly gid: number};
      readonly progress: boolean;
    }
  | {readonly command: 'edit'; readonly options: GlobalOptions; readonly file: string; readonly backup: boolean}
  | {
      readonly command: 'growth';
      readonly options: GlobalOptions;
      readonly since: GrowthWindow;
      readonly top: number;
      readonly json: boolean;
      readonly failOver?: number;
      readonly notify: readonly string[];
    }
  | {
      readonly command: 'history';
      readonly options: GlobalOptions;
      readonly forget?: string | boolean;
      readonly json: boolean;
    }
  | {readonly command: 'info'; readonly text: string};
