import {formatAge, formatSize} from './format.js';
import {sanitize} from './sanitize.js';
import {displayWidth, pad} from './text.js';
import type {VolumeRow} from './types.js';

/**
 * `volscope ls`: every value in full (scripts and `grep` need whole names), columns padded like
 * `docker volume ls`. Names are sanitized here too: a terminal prints this.
 */
export function plainTable(
  rows: readonly VolumeRow[],
  nowMs: number,
  sizesMeasured: boolean,
  withEngine = false,
): string {
  const header = [...(withEngine ? ['ENGINE'] : []), 'NAME', 'DRIVER', 'SIZE', 'CONTAINERS', 'PROJECT', 'AGE'];
  const body = rows.map((row) => [
    ...(withEngine ? [sanitize(row.engine)] : []),
    sanitize(row.volume.name) + (row.anonymous ? ' (anonymous)' : ''),
    sanitize(row.volume.driver),
    sizesMeasured ? formatSize(row.size, '-') : '-',
    row.containers.map((c) => `${sanitize(c.name)} (${sanitize(c.state)})`).join(', ') || '-',
    row.composeProject === null ? '-' : sanitize(row.composeProject),
    formatAge(row.createdMs, nowMs),
  ]);
  const widths = header.map((title, i) =>
    Math.max(displayWidth(title), ...body.map((cells) => displayWidth(cells[i] ?? ''))),
  );
  const right = new Set(withEngine ? [3, 6] : [2, 5]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 && !right.has(i) ? cell : pad(cell, widths[i] ?? 0, right.has(i) ? 'right' : 'left'),
      )
      .join('  ')
      .trimEnd();
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}
