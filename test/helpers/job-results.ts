import type {
  BackupOutcome,
  CloneResult,
  EmptyOutcome,
  ExportResult,
  JobFailure,
  JobResult,
  RenameResult,
  RestoreFilesResult,
  RestoreResult,
} from '../../src/model/job-results.js';

/** Typed results as the VolumeJobs port returns them, for fake ports in UI tests: the views word them. */
export const done = <V>(value: V): JobResult<V> => ({ok: true, value});
export const failed = (reason: JobFailure['reason'], message: string): JobResult<never> => ({
  ok: false,
  failure: {reason, message},
});

export const backupOutcome = (path: string, over: Partial<BackupOutcome> = {}): BackupOutcome => ({
  path,
  rawBytes: 1_000_000,
  writtenBytes: 400_000,
  sha256: 'ab'.repeat(32),
  check: {
    entries: 3,
    contentBytes: 900_000,
    compressed: true,
    sha256: 'ab'.repeat(32),
    expectedSha256: undefined,
    manifest: undefined,
    problems: [],
  },
  seconds: 1,
  ...over,
});

export const cloneResult = (over: Partial<CloneResult> = {}): CloneResult => ({
  created: true,
  labelsCopied: 0,
  bytes: 1_000_000,
  seconds: 1,
  entries: 3,
  withinEngine: true,
  runningUsers: [],
  ...over,
});

export const restoreResult = (over: Partial<RestoreResult> = {}): RestoreResult => ({
  entries: 3,
  contentBytes: 1_000_000,
  created: false,
  recorded: undefined,
  ...over,
});

export const emptyOutcome = (volume: string, over: Partial<EmptyOutcome> = {}): EmptyOutcome => ({
  volume,
  entries: 2,
  bytes: 10,
  runningUsers: [],
  seconds: 0.1,
  restarted: [],
  ...over,
});

export const renameResult = (over: Partial<RenameResult> = {}): RenameResult => ({
  entries: 2,
  bytes: 10,
  seconds: 0.1,
  labelsCopied: 0,
  ...over,
});

export const exportResult = (destination: string, bytes = 1024): ExportResult => ({destination, bytes});

export const restoreFilesResult = (paths: readonly string[]): RestoreFilesResult => ({
  written: [...paths],
  skipped: [],
  created: false,
  scanned: undefined,
});
