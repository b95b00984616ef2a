import type {Unlock} from '../local/age.js';
import type {CopyInPlanner, EngineLink, FileEditor, LocalFiles, VolumeJobs} from '../app/ports.js';
import type {JobKind} from '../app/jobs/job.js';
import type {FileService, HelperProgress} from '../docker/gateway.js';
import type {EngineRecorder} from '../local/history/recorder.js';
import type {Engine} from './engine-session.js';
import {mountProbe, volumeWriter} from './engine-ports.js';
import {loadOnce, onFirstCall} from './on-first-use.js';

/** The jobs, planners and archive readers, loaded on the first use of any (tui/work-ports.ts). */
export const work = loadOnce(() => import('./work-ports.js'));

/** Every kind of job, for the port that loads them on first use: the compiler finds one missing. */
const JOB_KINDS: {readonly [K in JobKind]: true} = {
  backup: true,
  clone: true,
  restore: true,
  empty: true,
  rename: true,
  export: true,
  restoreFiles: true,
  copyIn: true,
  edit: true,
};

export interface Attached {
  readonly engine: Engine;
  readonly files: FileService;
  /** Its size history, absent under --no-history. */
  readonly recorder?: EngineRecorder | undefined;
}

/** What the app needs of each engine besides its store; sweeps helpers killed runs left there. */
export function attachAll(
  engines: readonly Engine[],
  helperImage: string,
  recorders: readonly EngineRecorder[],
): Attached[] {
  return engines.map((engine, index) => {
    // Helpers of earlier runs that were killed (SIGKILL, power loss) go now; nothing waits for it.
    // (How its prune decides comes with its store's snapshot: an engine that is down never holds the first frame.)
    void engine.gateway.sweepOrphans().catch(() => undefined);
    return {engine, files: engine.gateway.fileService(helperImage), recorder: recorders[index]};
  });
}

export function linksOf(
  attached: readonly Attached[],
  helperImage: string,
  handOver: <T>(work: () => T) => T,
  unlock?: Unlock,
): EngineLink[] {
  const many = attached.length > 1;
  // A clone may go to any engine of the session.
  const engineNamed = (name: string) => attached.find((a) => a.engine.name === name)?.engine.gateway;
  return attached.map(({engine, files, recorder}) => ({
    name: engine.name,
    source: engine.store,
    ...(recorder ? {history: recorder} : {}),
    writer: volumeWriter(engine.gateway),
    mounts: mountProbe(engine.gateway, files),
    files,
    jobs: onFirstCall<VolumeJobs>(JOB_KINDS, async () =>
      (await work()).volumeJobs(engine.gateway, helperImage, engineNamed, files, unlock),
    ),
    copyIn: onFirstCall<CopyInPlanner>({complete: true, plan: true}, async () =>
      (await work()).copyInPlanner(engine.gateway, helperImage),
    ),
    editor: onFirstCall<FileEditor>({open: true}, async () =>
      (await work()).fileEditor(engine.gateway, helperImage, handOver),
    ),
    // One engine: the command as the user would type it in the same shell. Several: each names its engine.
    dockerFlags: !many
      ? ''
      : engine.gateway.context
        ? `--context ${engine.gateway.context}`
        : `-H ${engine.gateway.address}`,
  }));
}

/** Files on this machine, for the export prompt and the backups the browser opens. */
export function localFilesOf(recentTargets: readonly string[], unlock: Unlock | undefined): LocalFiles {
  return {
    exists: async (destination) => (await work()).localFiles.exists(destination),
    recentTargets,
    // Backups open in the browser through their index, with the keys given at start (-i, --passphrase).
    openArchive: async (archive: string, onProgress: (progress: HelperProgress) => void) =>
      (await work()).ArchiveSession.open(archive, unlock, onProgress),
  };
}
