import {type Cell, type Piece, plainCell} from './cells.js';
import {formatSize} from './format.js';
import type {Glyphs} from './glyphs.js';
import type {ColumnSpec} from './layout.js';
import type {MountRow, MountUser} from './mounts.js';
import {sanitize} from './sanitize.js';
import {displayWidth, truncate} from './text.js';

export type MountColumnId = 'type' | 'source' | 'size' | 'containers' | 'project' | 'engine';

export const MOUNT_COLUMNS: readonly ColumnSpec<MountColumnId>[] = [
  {id: 'type', header: 'TYPE', minWidth: 5, priority: 9, essential: true},
  {id: 'source', header: 'SOURCE', minWidth: 16, flex: 3, priority: 10, essential: true},
  {id: 'size', header: 'SIZE', minWidth: 9, priority: 8, align: 'right', essential: true},
  {id: 'containers', header: 'CONTAINERS', minWidth: 14, flex: 2, priority: 7, essential: true},
  {id: 'project', header: 'PROJECT', minWidth: 8, preferredWidth: 14, priority: 5},
];

export const MANY_ENGINE_MOUNT_COLUMNS: readonly ColumnSpec<MountColumnId>[] = [
  ...MOUNT_COLUMNS,
  {id: 'engine', header: 'ENGINE', minWidth: 6, preferredWidth: 12, priority: 6},
];

/** The size cell: measured bytes, the state of the bind source, or tmpfs's limit. */
export function mountSizeText(row: MountRow, glyphs: Glyphs): {text: string; tone?: Piece['tone']} {
  if (row.type === 'tmpfs')
    return {
      text:
        row.tmpfs?.sizeBytes !== undefined
          ? `≤${formatSize(row.tmpfs.sizeBytes, glyphs.ellipsis)}`
          : row.tmpfs
            ? 'no limit'
            : glyphs.ellipsis,
      tone: 'muted',
    };
  switch (row.bind.status) {
    case 'missing':
      return {text: 'missing', tone: 'danger'};
    case 'measured':
      return {text: formatSize(row.bind.bytes, glyphs.ellipsis)};
    case 'measuring':
      return {text: `du${glyphs.ellipsis}`, tone: 'muted'};
    case 'failed':
      return {text: '?', tone: 'danger'};
    case 'unknown':
      // Still being checked: is the source on the host?
      return {text: glyphs.ellipsis, tone: 'muted'};
    default:
      return {text: 'press s', tone: 'muted'};
  }
}

export function mountCell(id: MountColumnId, row: MountRow, width: number, glyphs: Glyphs): Cell {
  switch (id) {
    case 'type':
      return plainCell(
        row.type === 'bind' ? 'bind' : 'tmpfs',
        width,
        glyphs.ellipsis,
        row.type === 'bind' ? 'default' : 'muted',
      );
    case 'source': {
      if (row.type === 'bind')
        return plainCell(
          sanitize(row.source ?? ''),
          width,
          glyphs.ellipsis,
          row.bind.status === 'missing' ? 'danger' : 'default',
        );
      const mode = row.tmpfs?.mode;
      return plainCell(sanitize(`in memory${mode ? `, mode ${mode}` : ''}`), width, glyphs.ellipsis, 'muted');
    }
    case 'size': {
      const {text, tone} = mountSizeText(row, glyphs);
      return plainCell(text, width, glyphs.ellipsis, tone);
    }
    case 'containers':
      return usersCell(row.users, width, glyphs);
    case 'project':
      return plainCell(sanitize(row.projects.join(', ')), width, glyphs.ellipsis, 'muted');
    case 'engine':
      return plainCell(sanitize(row.engine), width, glyphs.ellipsis, 'muted');
  }
}

/** `●web:/etc/conf(ro) ○old:/x`: as many as fit, then `+N`. */
function usersCell(users: readonly MountUser[], width: number, glyphs: Glyphs): Cell {
  const pieces: Piece[] = [];
  let used = 0;
  for (const [index, user] of users.entries()) {
    const text = `${index ? ' ' : ''}${user.running ? glyphs.running : glyphs.stopped}${sanitize(user.name)}:${sanitize(user.destination)}${user.readOnly ? '(ro)' : ''}`;
    const rest = users.length - index - 1;
    const tail = rest ? ` +${rest}` : '';
    if (used + displayWidth(text) + displayWidth(tail) > width) {
      const more = ` +${users.length - index}`;
      if (index === 0)
        return [{text: truncate(text.trimStart(), width, glyphs.ellipsis), tone: user.running ? 'running' : 'stopped'}];
      pieces.push({text: truncate(more, Math.max(0, width - used), glyphs.ellipsis), tone: 'muted'});
      return pieces;
    }
    pieces.push({text, tone: user.running ? 'running' : 'stopped'});
    used += displayWidth(text);
  }
  return pieces;
}
