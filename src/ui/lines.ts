import chalk, {type ForegroundColorName} from 'chalk';
import {formatKey} from '../keymap/format.js';
import type {CommandDef} from '../keymap/types.js';
import {type Cell, cellWidth} from '../model/cells.js';
import type {SizeTotal} from '../model/cleanup.js';
import {formatClock, formatSize, plural} from '../model/format.js';
import type {LaidOutColumn} from '../model/layout.js';
import {sanitize} from '../model/sanitize.js';
import type {Summary} from '../model/summary.js';
import {truncate} from '../model/text.js';
import type {ConnectionState} from '../model/types.js';
import type {Theme} from './theme.js';

/**
 * The table rows and the status lines as styled strings, without Ink: the components wrap them
 * in <Text>, and the first frame (src/tui/first-frame.ts) writes them before Ink has loaded.
 */

export function paint(text: string, color: ForegroundColorName | undefined): string {
  return color ? chalk[color](text) : text;
}

/** One table row: each cell padded to its column, one space between columns; selected rows carry no colours (they are drawn inverse). */
export function rowLine(
  columns: readonly LaidOutColumn[],
  cells: readonly Cell[],
  theme: Theme,
  selected: boolean,
): string {
  let line = '';
  columns.forEach((column, index) => {
    const cell = cells[index] ?? [];
    const gap = ' '.repeat(Math.max(0, column.width - cellWidth(cell)));
    const text = cell.map((piece) => paint(piece.text, selected ? undefined : theme.color(piece.tone))).join('');
    line += (index > 0 ? ' ' : '') + (column.align === 'right' ? gap + text : text + gap);
  });
  return line;
}

export function ruleWidth(columns: readonly LaidOutColumn[]): number {
  return columns.reduce((sum, c) => sum + c.width, 0) + Math.max(0, columns.length - 1);
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting',
  connected: 'live',
  reconnecting: 'disconnected, retrying',
};

/** A wait shorter than this is normal and gets no count; longer, the user learns what is slow and that Esc stops it. */
const SLOW_MS = 2000;

export interface StatusFacts {
  readonly summary: Summary;
  /** Marked volumes: how many, and their size. */
  readonly marks?: {readonly count: number; readonly size: SizeTotal};
  readonly address: string;
  readonly connection: ConnectionState;
  /** Several engines: how many answer and how many do not, in place of one address. */
  readonly fleet?: {readonly engines: number; readonly live: number; readonly down: number};
  readonly error: string | undefined;
  readonly usageAt: number | undefined;
  readonly sizing: boolean;
  /** How long a list or a size scan has been waiting on the engine (ms). */
  readonly pending?: {readonly listing?: number; readonly sizing?: number};
  readonly hints: readonly CommandDef[];
  readonly readOnly?: boolean;
  /** Replaces the key hints until the next key. */
  readonly notice?: string;
  /** The volume that grew most over the window, when notably: "db ▲ 1.2 GB in 24h". */
  readonly grower?: string | undefined;
  /** The size history is off (a read-only state folder, a corrupt file): said in two words. */
  readonly historyOff?: boolean;
  readonly width: number;
  readonly theme: Theme;
}

/** The status line and the line under it (the error, a notice, or the key hints), each cut to the width. */
export function statusLines({
  summary,
  marks,
  address,
  connection,
  fleet,
  error,
  usageAt,
  sizing,
  pending = {},
  hints,
  readOnly,
  notice,
  grower,
  historyOff,
  width,
  theme,
}: StatusFacts): [string, string] {
  const {glyphs} = theme;
  const slow = (ms: number | undefined) =>
    ms !== undefined && ms >= SLOW_MS ? ` ${formatWait(ms)} (Esc cancels)` : '';
  const sizes = sizing
    ? `sizing${glyphs.ellipsis}${slow(pending.sizing)}`
    : usageAt === undefined
      ? 'sizes not measured'
      : `sizes at ${formatClock(usageAt)}`;
  const listing = slow(pending.listing) ? `listing${glyphs.ellipsis}${slow(pending.listing)} ${glyphs.separator} ` : '';
  const ok = connection === 'connected';
  const styled = (text: string, tone?: Parameters<Theme['color']>[0], bold = false) => {
    const colored = paint(text, theme.color(tone));
    return bold ? chalk.bold(colored) : colored;
  };
  // Several engines: one that does not answer comes first (the totals lack its part), the live count last.
  // Still connecting is not a failure (an engine that answered its ping may be slow to list): it
  // gets no ✕ and no alarm colour; only an engine that was lost does.
  const away = fleet
    ? fleet.down
      ? `${glyphs.disconnected} ${fleet.down} of ${fleet.engines} engines down ${glyphs.separator} `
      : ''
    : connection === 'reconnecting'
      ? `${glyphs.disconnected} ${CONNECTION_TEXT[connection]} ${glyphs.separator} `
      : '';
  const connecting =
    !fleet && connection === 'connecting' ? `${CONNECTION_TEXT.connecting}${glyphs.ellipsis} ${glyphs.separator} ` : '';
  const where = fleet
    ? styled(
        `${glyphs.connected} ${fleet.live} of ${fleet.engines} engines live`,
        fleet.live === fleet.engines ? 'running' : undefined,
      )
    : (ok ? styled(`${glyphs.connected} ${CONNECTION_TEXT[connection]} `, 'running') : '') + sanitize(address);
  const line =
    // Away from the engine, that comes first: it is what the figures after it depend on.
    (away ? styled(away, 'danger', true) : '') +
    (connecting ? styled(connecting, 'accent') : '') +
    (listing ? styled(listing, 'accent') : '') +
    styled(plural(summary.total, 'volume'), undefined, true) +
    ` ${glyphs.dot} ${summary.unused} unused ${glyphs.dot} ${formatSize(summary.totalSize, glyphs.ellipsis)} total ${glyphs.dot} ` +
    styled(`${formatSize(summary.reclaimable, glyphs.ellipsis)} reclaimable`, 'accent') +
    (marks
      ? styled(
          ` ${glyphs.separator} ${marks.count} marked (${formatSize(marks.size.bytes, glyphs.ellipsis)}${marks.size.unknown ? '+' : ''})`,
          'danger',
        )
      : '') +
    (grower ? styled(` ${glyphs.separator} fastest: ${grower}`, 'danger') : '') +
    ` ${glyphs.separator} ${sizes} ${glyphs.separator} ` +
    (historyOff ? styled(`history off ${glyphs.separator} `, 'muted') : '') +
    // The address goes last: on a narrow terminal it is what gets cut, not the figures.
    (readOnly ? styled(`read-only ${glyphs.separator} `, 'accent') : '') +
    where;
  const second = error
    ? styled(sanitize(error), 'danger')
    : notice
      ? styled(sanitize(notice), 'accent')
      : styled(
          fitHints(
            hints.map((command) => `${formatKey(command.keys[0]!, theme.ascii)} ${command.hint}`),
            width,
          ),
          'muted',
        );
  // Cut here with the theme's ellipsis: Ink's own truncation draws `…`, which a terminal without UTF-8 shows as garbage.
  return [truncate(line, width, glyphs.ellipsis), truncate(second, width, glyphs.ellipsis)];
}

/** As many hints as fit, in keymap order, always ending with the last two (help, quit): a cut line never hides how to get help. */
function fitHints(hints: readonly string[], width: number): string {
  const shown = [...hints];
  while (shown.length > 2 && shown.join('  ').length > width) shown.splice(shown.length - 3, 1);
  return shown.join('  ');
}

function formatWait(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
