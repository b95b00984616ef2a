import {formatSize, plural} from './format.js';
import type {
  ArchiveReport,
  BackupOutcome,
  CloneResult,
  EmptyOutcome,
  RenameResult,
  RestoreResult,
} from './job-results.js';
import {sanitize} from './sanitize.js';

/** What the results say, in the same words on the command line and in the TUI. */

export function cloneSummary(source: string, target: string, result: CloneResult, labels: boolean): string {
  const created = result.created
    ? ` (created, ${labels ? `${plural(result.labelsCopied, 'label')} copied` : 'labels not copied'})`
    : '';
  const rate = result.seconds > 0 ? `, ${formatSize(result.bytes / result.seconds, '?')}/s` : '';
  const moved = result.sourceRemoved
    ? ` ${sanitize(source)} removed (moved).`
    : result.sourceKept
      ? ` ${sanitize(source)} ${sanitize(result.sourceKept)}.`
      : '';
  const how = result.withinEngine
    ? `${formatSize(result.bytes, '?')} copied inside the engine`
    : `${formatSize(result.bytes, '?')} of tar streamed`;
  const checksum = result.sha256 ? `, tar sha256 ${result.sha256.slice(0, 16)}…` : '';
  return `Cloned ${sanitize(source)} into ${sanitize(target)}${created}: ${how} in ${result.seconds.toFixed(1)} s${rate}; verified: ${plural(result.entries, 'entry', 'entries')} equal on both ends${checksum}.${moved}`;
}

export function restoreSummary(volume: string, result: RestoreResult): string {
  const created = result.created
    ? ` (created${result.recorded ? ` as recorded: driver ${sanitize(result.recorded.driver)}, ${plural(Object.keys(result.recorded.labels).length, 'label')}` : ''})`
    : '';
  return `Restored ${plural(result.entries, 'entry', 'entries')} (${formatSize(result.contentBytes, '?')}) into ${sanitize(volume)}${created}.`;
}

/** One line for a checked backup file; the problems when the read-back found any. */
export function backupLine(result: BackupOutcome): {ok: boolean; text: string} {
  const report = result.check;
  const path = sanitize(result.path ?? '-');
  if (report?.problems.length)
    return {ok: false, text: `${path}: written but the check failed: ${report.problems.map(sanitize).join('; ')}`};
  const entries = report ? `, ${report.entries} entries` : '';
  return {
    ok: true,
    text: `${path}: ${formatSize(result.writtenBytes, '?')} (${formatSize(result.rawBytes, '?')} of tar${entries}), checked, sha256 ${result.sha256.slice(0, 16)}…`,
  };
}

export function archiveReportText(path: string, report: ArchiveReport): string {
  const lines = [`${sanitize(path)}: ${report.problems.length ? 'PROBLEMS' : 'OK'}`];
  if (report.sealed && !report.sealed.opened) {
    lines.push(
      `  age-encrypted for ${report.sealed.madeFor}: only its outer checksum was checked, not the archive inside (give -i KEYFILE or --passphrase to read it through)`,
      `  sha256 ${report.sha256}${report.expectedSha256 ? (report.expectedSha256 === report.sha256 ? ' (matches .sha256)' : '') : ' (no .sha256 beside it: nothing to compare with)'}`,
    );
    for (const problem of report.problems) lines.push(`  problem: ${sanitize(problem)}`);
    return `${lines.join('\n')}\n`;
  }
  if (report.sealed) lines.push(`  age-encrypted for ${report.sealed.madeFor}; read through inside`);
  lines.push(
    `  ${plural(report.entries, 'entry', 'entries')}, ${formatSize(report.contentBytes, '?')} of content, ${report.compressed ? 'gzip' : 'plain tar'}`,
  );
  lines.push(
    `  sha256 ${report.sha256}${report.expectedSha256 ? (report.expectedSha256 === report.sha256 ? ' (matches .sha256)' : '') : ' (no .sha256 beside it)'}`,
  );
  const volume = report.manifest?.volume;
  if (volume) {
    const labels = Object.keys(volume.labels).length;
    lines.push(
      `  volume ${sanitize(volume.name)}, driver ${sanitize(volume.driver)}, ${plural(labels, 'label')}, backed up ${report.manifest!.createdAt}`,
    );
  } else {
    lines.push('  no volscope manifest (made by another tool): a restore needs the volume name and creates it plain');
  }
  for (const problem of report.problems) lines.push(`  problem: ${sanitize(problem)}`);
  return `${lines.join('\n')}\n`;
}

export function emptySummary(volume: string, result: EmptyOutcome): string {
  const restarted = result.restarted.length
    ? ` ${result.restarted.map(sanitize).join(', ')} stopped for it and started again.`
    : '';
  return `Emptied ${sanitize(volume)}: ${plural(result.entries, 'entry', 'entries')} (${formatSize(result.bytes, '?')}) deleted in ${result.seconds.toFixed(1)} s; the volume and its labels are kept.${restarted}`;
}

export function renameSummary(from: string, to: string, result: RenameResult): string {
  if (result.finishedEarlier)
    return `Renamed ${sanitize(from)} to ${sanitize(to)}: an earlier run had copied, compared and removed ${sanitize(from)}; only its last step was left.`;
  return `Renamed ${sanitize(from)} to ${sanitize(to)}: ${plural(result.entries, 'entry', 'entries')} (${formatSize(result.bytes, '?')}) copied inside the engine and compared in ${result.seconds.toFixed(1)} s, ${plural(result.labelsCopied, 'label')} carried; ${sanitize(from)} removed.`;
}
