import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {listBackups} from '../ops/list-backups.js';
import {openStore} from '../targets/open.js';
import {EXIT, ReportedError} from './errors.js';
import {resolveDestination} from '../local/export.js';
import {tempFilesIn} from '../local/stale-temps.js';
import {isRemoteAddress} from '../model/store-address.js';

/** `volscope backups TARGET [--json]`: the archives in a folder here, on sftp or rclone, newest first. */
export async function runBackups(
  target: string,
  options: {json: boolean},
  io: {out: NodeJS.WritableStream},
): Promise<number> {
  const store = openStore(target);
  try {
    const listed = await listBackups(store).catch((error: Error) => {
      throw new ReportedError(`Cannot list ${target}: ${error.message}`);
    });
    if (options.json) {
      io.out.write(`${JSON.stringify(listed, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows = listed.map((b) => [
      sanitize(b.archive),
      sanitize(b.volume ?? '?'),
      sanitize(b.engine ?? (b.encrypted ? '(sealed)' : '?')),
      b.time?.replace(/\.\d+Z$/, 'Z') ?? '?',
      formatSize(b.size, '?'),
      b.encrypted ? 'age' : 'no',
      b.verified ? 'sha256' : 'no',
    ]);
    const header = ['ARCHIVE', 'VOLUME', 'ENGINE', 'TIME', 'SIZE', 'ENCRYPTED', 'VERIFIED'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows])
      io.out.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
      );
    if (!rows.length) io.out.write(`no archives in ${sanitize(target)}\n`);
    if (!isRemoteAddress(target)) await listTemps(resolveDestination(target), io.out);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** volscope's temporary files in a folder here: a backup under way, or what a killed run left (the next backup removes it). */
async function listTemps(folder: string, out: NodeJS.WritableStream): Promise<void> {
  const temps = await tempFilesIn(folder);
  if (!temps.length) return;
  out.write('\ntemporary files:\n');
  for (const temp of temps) {
    const whose =
      temp.verdict === 'live'
        ? `a backup under way${temp.pid ? ` (pid ${temp.pid})` : ''}`
        : temp.verdict === 'stale'
          ? `left by a killed run${temp.pid ? ` (pid ${temp.pid})` : ''}; the next backup here removes it`
          : "another host's run: not removed from here";
    out.write(`  ${sanitize(temp.file)}  ${whose}\n`);
  }
}
