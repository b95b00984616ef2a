import {entryKey} from './files.js';

/**
 * Parses `du -a -d 1 -k .` as it streams: one `KIB\t./NAME\n` per entry of the directory, as
 * each finishes, then `KIB\t.\n` for the directory itself. A name may hold newlines and tabs but
 * never `/`, so a record ends only where a newline is followed by digits, a tab and `./`; the
 * total is the last record and is told apart at the end of the stream.
 */
export interface DiskUsageItem {
  /** entryKey() of the name. */
  readonly key: string;
  readonly bytes: number;
}

const RECORD_START = /\n\d+\t\.\//g;
const BOUNDARY = /(?<=\n)(?=\d+\t\.\/)/;
const TOTAL_AT_END = /\n(\d+)\t\.\n$/;

export class DiskUsageParser {
  private pending = '';
  total: number | undefined;

  /** Chunks are decoded as latin1: one char per byte, so names round-trip to their exact bytes. */
  push(chunk: Buffer): DiskUsageItem[] {
    this.pending += chunk.toString('latin1');
    let last = -1;
    RECORD_START.lastIndex = 0;
    for (let m = RECORD_START.exec(this.pending); m; m = RECORD_START.exec(this.pending)) last = m.index;
    if (last < 0) return [];
    // Everything before the last record start is whole; the last record may still grow.
    const complete = this.pending.slice(0, last + 1);
    this.pending = this.pending.slice(last + 1);
    return splitRecords(complete);
  }

  end(): DiskUsageItem[] {
    let rest = this.pending;
    this.pending = '';
    const onlyTotal = /^(\d+)\t\.\n$/.exec(rest);
    if (onlyTotal) {
      this.total = Number(onlyTotal[1]) * 1024;
      return [];
    }
    const total = TOTAL_AT_END.exec(rest);
    if (total) {
      this.total = Number(total[1]) * 1024;
      rest = rest.slice(0, total.index + 1);
    }
    return splitRecords(rest);
  }
}

function splitRecords(text: string): DiskUsageItem[] {
  const items: DiskUsageItem[] = [];
  for (const record of text.split(BOUNDARY)) {
    const match = /^(\d+)\t\.\/([\s\S]*)\n$/.exec(record);
    if (!match) continue;
    items.push({key: entryKey(Buffer.from(match[2]!, 'latin1')), bytes: Number(match[1]) * 1024});
  }
  return items;
}
