import {formatSize} from './format.js';
import {type DetailSeries, sparkline} from './growth.js';
import {sanitize} from './sanitize.js';
import type {VolumeRow} from './types.js';
import {VOLUME_FIELDS} from './volume-fields.js';

export interface DetailLine {
  /** Section headings have no value. */
  readonly label: string;
  readonly value?: string;
  readonly tone?: 'heading' | 'running' | 'stopped' | 'muted';
}

/** Every field the engine gives for a volume, sanitized, as lines the details view scrolls through. */
export function detailLines(row: VolumeRow, ellipsis: string, dockerFlags = '', series?: DetailSeries): DetailLine[] {
  const {volume} = row;
  // The scalar fields, as model/volume-fields.ts writes them; then the sections.
  const lines: DetailLine[] = VOLUME_FIELDS.flatMap((field) =>
    field.detail && (field.detail.shown?.(row) ?? true)
      ? [{label: field.detail.label, value: field.detail.value(row, ellipsis)}]
      : [],
  );
  if (series && series.key === row.key) lines.push(sizeOverWindow(series));
  section(lines, 'Labels', volume.labels);
  section(lines, 'Options', volume.options);
  if (Object.keys(volume.status).length) {
    section(
      lines,
      'Status',
      Object.fromEntries(
        Object.entries(volume.status).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ),
    );
  }
  lines.push({label: `Containers (${row.containers.length})`, tone: 'heading'});
  if (row.containers.length === 0) lines.push({label: '  none: this volume is unused', tone: 'muted'});
  for (const c of row.containers) {
    lines.push({
      label: `  ${sanitize(c.name)}`,
      value: `${sanitize(c.state)}  ${sanitize(c.destination)} (${c.readOnly ? 'ro' : 'rw'})  ${c.id.slice(0, 12)}`,
      tone: c.running ? 'running' : 'stopped',
    });
  }
  lines.push({label: 'The same with docker', tone: 'heading'});
  for (const [label, command] of dockerRecipes(volume.name, dockerFlags))
    lines.push({label: `  ${label}`, value: sanitize(command), tone: 'muted'});
  return lines;
}

/**
 * Equivalent docker commands for the volume: inspect it, look inside read-only, and the backup
 * recipe whose archive `volscope restore` and `volscope verify` take as they take their own.
 */
export function dockerRecipes(name: string, dockerFlags = ''): Array<[string, string]> {
  const docker = dockerFlags ? `docker ${dockerFlags}` : 'docker';
  const vol = shellWord(name);
  return [
    ['inspect', `${docker} volume inspect ${vol}`],
    ['look inside', `${docker} run --rm -it --network none -v ${vol}:/volume:ro -w /volume busybox sh`],
    [
      'back up',
      `${docker} run --rm --network none -v ${vol}:/volume:ro busybox tar -C /volume -czf - . > ${shellWord(`${name}.tar.gz`)}`,
    ],
  ];
}

/** Quoted for a POSIX shell when it holds anything but the characters volume names allow. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const SPARK_WIDTH = 32;

/** `Size over 24h   ▁▁▂▂▅▇██  4.1 GB – 9.8 GB`: the sizes the history kept, as a step line. */
function sizeOverWindow(series: DetailSeries): DetailLine {
  const known = series.points.flatMap((p) => (p.bytes === null ? [] : [p.bytes]));
  const range = known.length
    ? `  ${formatSize(Math.min(...known), '?')} – ${formatSize(Math.max(...known), '?')}`
    : '  (no sizes in this window yet)';
  return {
    label: `Size over ${series.window}`,
    value: sparkline(series.points, series.fromMs, series.toMs, SPARK_WIDTH) + range,
  };
}

function section(lines: DetailLine[], title: string, entries: Readonly<Record<string, string>>): void {
  const keys = Object.keys(entries).sort();
  lines.push({label: `${title} (${keys.length})`, tone: 'heading'});
  for (const key of keys) lines.push({label: `  ${sanitize(key)}`, value: sanitize(entries[key] ?? '')});
}
