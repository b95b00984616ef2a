import {lastUsedText} from '../../model/growth.js';
import {Text} from 'ink';
import {totalSize} from '../../model/cleanup.js';
import {formatSize} from '../../model/format.js';
import {byEngine, type VolumeRef, volumeKey} from '../../model/engines.js';
import type {EngineData} from '../../model/records.js';
import {sanitize} from '../../model/sanitize.js';
import {truncate} from '../../model/text.js';
import type {VolumeRow} from '../../model/types.js';
import type {Theme} from '../theme.js';

/** What every dialog view is given: its size, the theme, the volumes (for their sizes) and the engines (for their names and docker flags). */
export interface DialogFrame {
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
  readonly rows: readonly VolumeRow[];
  readonly engines: readonly EngineData[];
  /** --read-only: a dialog offers nothing that writes, stops or pauses. */
  readonly readOnly: boolean;
}

/** With several engines a volume is named with its engine (`prod:db_data`); with one, by its name alone. */
export function refText(ref: VolumeRef, frame: DialogFrame): string {
  return sanitize(frame.engines.length > 1 ? volumeKey(ref.engine, ref.name) : ref.name);
}

const keyed = new WeakMap<readonly VolumeRow[], Map<string, VolumeRow>>();
function rowOf(ref: VolumeRef, frame: DialogFrame): VolumeRow | undefined {
  let map = keyed.get(frame.rows);
  if (!map) {
    map = new Map(frame.rows.map((row) => [row.key, row]));
    keyed.set(frame.rows, map);
  }
  return map.get(volumeKey(ref.engine, ref.name));
}

/** Lines from `scroll` on, as many as there is room for, and how many more there are. */
export function ScrollList({
  lines,
  scroll,
  room,
  theme,
}: {
  lines: readonly string[];
  scroll: number;
  room: number;
  theme: Theme;
}) {
  const start = Math.max(0, Math.min(scroll, lines.length - room));
  const shown = lines.slice(start, start + room);
  const more = lines.length - start - shown.length;
  return (
    <>
      {shown.map((line, index) => (
        <Text key={start + index} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {more > 0 ? (
        <Text color={theme.color('muted')}>{`  ${theme.glyphs.ellipsis} ${more} more (↑↓ scroll)`}</Text>
      ) : null}
    </>
  );
}

/**
 * One name column for the whole list, as wide as its longest name allows, sizes right-aligned
 * after it. With several engines the list comes in groups, each under its engine's name and the
 * docker command that would do the same there (`command` builds it from the group's names).
 */
export function nameLines(
  refs: readonly VolumeRef[],
  frame: DialogFrame,
  command?: (names: readonly string[], dockerFlags: string) => string,
  lastUsers = false,
): string[] {
  const {glyphs} = frame.theme;
  const room = Math.min(Math.max(10, frame.width - 14), Math.max(4, ...refs.map((ref) => sanitize(ref.name).length)));
  const line = (ref: VolumeRef) => {
    const row = rowOf(ref, frame);
    // What a prune is about to lose: who used it last, when the history knows.
    const users = lastUsers && row?.history?.users.length ? `  ${lastUsedText(row.history.users, new Set(), 1)}` : '';
    return `  ${truncate(sanitize(ref.name), room, glyphs.ellipsis).padEnd(room)} ${formatSize(row?.size, glyphs.ellipsis).padStart(9)}${users}`;
  };
  if (frame.engines.length <= 1) return refs.map(line);
  return [...byEngine(refs)].flatMap(([engine, group]) => {
    const flags = frame.engines.find((e) => e.name === engine)?.dockerFlags ?? '';
    const same = command
      ? ` ${glyphs.separator} same as: ${command(
          group.map((ref) => ref.name),
          flags,
        )}`
      : '';
    return [sanitize(`${engine}${same}`), ...group.map(line)];
  });
}

/** The docker command for a list on one engine; with several engines each group carries its own (nameLines). */
export function sameAsLine(
  refs: readonly VolumeRef[],
  frame: DialogFrame,
  command: (names: readonly string[], dockerFlags: string) => string,
): string {
  if (frame.engines.length > 1) return "Same as: the docker command above each engine's list";
  return `Same as: ${sanitize(
    command(
      refs.map((ref) => ref.name),
      frame.engines[0]?.dockerFlags ?? '',
    ),
  )}`;
}

export function totalLine(refs: readonly VolumeRef[], frame: DialogFrame): string {
  const sum = totalSize(refs.map((ref) => rowOf(ref, frame)).filter((row) => row !== undefined));
  return `Total: ${formatSize(sum.bytes, frame.theme.glyphs.ellipsis)}${sum.unknown ? ` (+${sum.unknown} not measured)` : ''}`;
}

export function Buttons({focus, action, theme}: {focus: 'cancel' | 'confirm'; action: string; theme: Theme}) {
  return (
    <Text>
      <Text inverse={focus === 'cancel'}>{' Cancel '}</Text>
      {'  '}
      <Text
        inverse={focus === 'confirm'}
        color={focus === 'confirm' ? undefined : theme.color('danger')}
      >{` ${action} `}</Text>
      <Text color={theme.color('muted')}>{'   ←/→ choose, Enter presses, Esc cancels'}</Text>
    </Text>
  );
}

/**
 * A transfer under way: a bar of the share done (when the size to expect is known), then bytes,
 * rate and ETA; `done` words what the bytes are ("copied", "read, 3 MB written").
 */
export function Progress({
  progress,
  expected,
  done,
  frame,
}: {
  progress: {readonly bytes: number; readonly startedMs: number; readonly nowMs: number} | undefined;
  expected: number | undefined;
  done: string;
  frame: DialogFrame;
}) {
  const {theme, width} = frame;
  const {glyphs} = theme;
  const muted = theme.color('muted');
  const p = progress;
  const rate = p ? p.bytes / Math.max(0.001, (p.nowMs - p.startedMs) / 1000) : 0;
  const share = p && expected ? Math.min(1, p.bytes / expected) : undefined;
  const barWidth = Math.max(10, Math.min(40, width - 20));
  const filled = share === undefined ? 0 : Math.round(share * barWidth);
  const eta =
    p && expected && rate > 0 && expected > p.bytes ? `, about ${Math.ceil((expected - p.bytes) / rate)} s left` : '';
  return (
    <>
      {share !== undefined ? (
        <Text>
          <Text color={theme.color('accent')}>{glyphs.barFull.repeat(filled)}</Text>
          <Text color={muted}>{glyphs.barEmpty.repeat(barWidth - filled)}</Text>
          {` ${Math.round(share * 100)}%`}
        </Text>
      ) : null}
      <Text color={muted}>
        {p
          ? `${formatSize(p.bytes, glyphs.ellipsis)}${expected ? ` of ~${formatSize(expected, glyphs.ellipsis)}` : ''} ${done}, ${formatSize(rate, glyphs.ellipsis)}/s${eta}`
          : `Starting${glyphs.ellipsis}`}
      </Text>
    </>
  );
}

/** A job's progress as the byte bar reads it: nothing until bytes were counted. */
export function bytesOf(
  progress: {readonly bytes?: number; readonly startedMs: number; readonly nowMs: number} | undefined,
) {
  return progress?.bytes === undefined
    ? undefined
    : {bytes: progress.bytes, startedMs: progress.startedMs, nowMs: progress.nowMs};
}
