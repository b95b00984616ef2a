import {type Cell, plainCell} from './cells.js';
import {modeString, type FileSortKey, sizeOf, type UsageByKey} from './file-list.js';
import {displayBytes, type FileEntry} from './files.js';
import {formatSize} from './format.js';
import type {Glyphs} from './glyphs.js';
import type {ColumnSpec} from './layout.js';
import {sanitize} from './sanitize.js';
import {truncate} from './text.js';

export type FileColumnId = 'mode' | 'name' | 'size' | 'usage' | 'owner' | 'modified';

const BASE: readonly ColumnSpec<FileColumnId>[] = [
  {id: 'mode', header: 'MODE', minWidth: 10, priority: 20},
  {id: 'name', header: 'NAME', minWidth: 16, preferredWidth: 24, flex: 1, priority: 100, essential: true},
  {id: 'size', header: 'SIZE', minWidth: 8, preferredWidth: 9, priority: 90, align: 'right', essential: true},
  {id: 'owner', header: 'OWNER', minWidth: 9, priority: 10},
  {id: 'modified', header: 'MODIFIED', minWidth: 16, priority: 30},
];

/** The proportional bar appears once the disk usage of the directory is (being) measured. */
const USAGE: ColumnSpec<FileColumnId> = {
  id: 'usage',
  header: 'SHARE',
  minWidth: 10,
  preferredWidth: 16,
  priority: 80,
  essential: true,
};

export function fileColumns(withUsage: boolean): readonly ColumnSpec<FileColumnId>[] {
  return withUsage ? [BASE[0]!, BASE[1]!, BASE[2]!, USAGE, BASE[3]!, BASE[4]!] : BASE;
}

export const FILE_COLUMN_SORT_KEY: Partial<Record<FileColumnId, FileSortKey>> = {
  name: 'name',
  size: 'size',
  modified: 'age',
};

export interface FileCellContext {
  readonly glyphs: Glyphs;
  readonly usage: UsageByKey | undefined;
  /** The largest measured size in the directory: the bar's full length. */
  readonly largest: number;
  /** All measured sizes together: what the percentages are of. */
  readonly total: number;
  /** Marked (Space) for a restore or an extract out of an archive. */
  readonly marked?: boolean;
}

export function fileCell(id: FileColumnId, entry: FileEntry, width: number, ctx: FileCellContext): Cell {
  const {glyphs} = ctx;
  switch (id) {
    case 'mode':
      return plainCell(modeString(entry), width, glyphs.ellipsis, 'muted');
    case 'name': {
      if (!ctx.marked) return nameCell(entry, width, glyphs);
      const mark = `${glyphs.mark} `;
      return [{text: mark, tone: 'accent'}, ...nameCell(entry, Math.max(1, width - mark.length), glyphs)];
    }
    case 'size': {
      const measured = ctx.usage?.get(entry.key);
      if (measured !== undefined) return plainCell(formatSize(measured, glyphs.ellipsis), width, glyphs.ellipsis);
      if (entry.kind === 'dir') return plainCell(ctx.usage ? glyphs.ellipsis : '', width, glyphs.ellipsis, 'muted');
      return plainCell(
        formatSize(entry.size, glyphs.ellipsis),
        width,
        glyphs.ellipsis,
        entry.kind === 'file' ? undefined : 'muted',
      );
    }
    case 'usage':
      return usageCell(entry, width, ctx);
    case 'owner':
      return plainCell(`${entry.uid}:${entry.gid}`, width, glyphs.ellipsis, 'muted');
    case 'modified':
      return plainCell(formatTimestamp(entry.mtimeMs), width, glyphs.ellipsis, 'muted');
  }
}

function nameCell(entry: FileEntry, width: number, glyphs: Glyphs): Cell {
  const name = sanitize(entry.name);
  if (entry.kind === 'dir') return [{text: truncate(`${name}/`, width, glyphs.ellipsis), tone: 'accent'}];
  if (entry.kind === 'link') {
    const target = sanitize(displayBytes(entry.target ?? Buffer.alloc(0)));
    return [{text: truncate(`${name} ${glyphs.arrow} ${target}`, width, glyphs.ellipsis), tone: 'anonymous'}];
  }
  if (entry.kind !== 'file')
    return [{text: truncate(`${name} (${entry.kind})`, width, glyphs.ellipsis), tone: 'muted'}];
  return plainCell(name, width, glyphs.ellipsis);
}

function usageCell(entry: FileEntry, width: number, ctx: FileCellContext): Cell {
  const bytes = ctx.usage?.get(entry.key);
  if (bytes === undefined || ctx.largest <= 0) return [];
  const percentText = `${Math.round((sizeOf(entry, ctx.usage) / Math.max(1, ctx.total)) * 100)}%`.padStart(4);
  const barWidth = Math.max(1, width - percentText.length - 1);
  const filled = Math.round((bytes / ctx.largest) * barWidth);
  return [
    {text: ctx.glyphs.barFull.repeat(filled), tone: 'accent'},
    {text: ctx.glyphs.barEmpty.repeat(barWidth - filled), tone: 'muted'},
    {text: ` ${percentText}`, tone: 'muted'},
  ];
}

/** Local time to the minute, sortable and fixed width: 2026-11-23 14:05. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
