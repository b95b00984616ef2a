/**
 * The mark of a volume a restore, clone, rename or empty is changing: made before the first
 * change, cleared as the operation's last step after its check. A run killed in between leaves
 * it, so a half-restored volume never passes for whole.
 *
 * The mark is a second, empty volume beside the marked one, labelled with what was under way:
 * Docker cannot change a volume's labels after it is made, and a file inside the volume would
 * change what its containers see. Being a volume, it comes with the list every refresh already
 * makes (no extra call), it lives on the engine (every host and every volscope sees it), and
 * `docker volume ls --filter label=io.volscope.incomplete` shows it without volscope.
 */

import {createHash} from 'node:crypto';

/** What a mark is read from: a volume as listed (model/types Volume, without the import circle). */
interface ListedVolume {
  readonly name: string;
  readonly createdAt: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** On the marker volume: the name of the volume it marks. */
export const INCOMPLETE_LABEL = 'io.volscope.incomplete';
export const INCOMPLETE_OP_LABEL = 'io.volscope.incomplete.operation';
export const INCOMPLETE_SOURCE_LABEL = 'io.volscope.incomplete.source';
export const INCOMPLETE_SINCE_LABEL = 'io.volscope.incomplete.since';

export type IncompleteOperation = 'restore' | 'clone' | 'rename' | 'empty';

export interface IncompleteMark {
  readonly operation: IncompleteOperation | string;
  /** The archive restored, the volume cloned or renamed; '' for empty. */
  readonly source: string;
  /** ISO time the operation started. */
  readonly since: string;
  /** The marker volume's name, for `docker volume rm`. */
  readonly marker: string;
}

const SUFFIX = '.volscope-incomplete';

/**
 * `NAME.volscope-incomplete`, which says what it is in `docker volume ls`; a name too long for
 * that (a volume's folder name is at most 255 bytes) gets a digest of it instead.
 */
export function markerName(volume: string): string {
  if (volume.length + SUFFIX.length <= 200) return volume + SUFFIX;
  return `volscope-incomplete-${createHash('sha256').update(volume).digest('hex').slice(0, 32)}`;
}

/** The labels of a new marker: what is under way, and whose run it is (host and pid, as helpers carry them). */
export function markerLabels(
  volume: string,
  mark: Omit<IncompleteMark, 'marker'>,
  owner: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    ...owner,
    [INCOMPLETE_LABEL]: volume,
    [INCOMPLETE_OP_LABEL]: mark.operation,
    [INCOMPLETE_SOURCE_LABEL]: mark.source,
    [INCOMPLETE_SINCE_LABEL]: mark.since,
  };
}

export function isMarker(volume: ListedVolume): boolean {
  return volume.labels[INCOMPLETE_LABEL] !== undefined;
}

/** The marks among the volumes, by the name of the volume each marks. */
export function marksOf(volumes: readonly ListedVolume[]): Map<string, IncompleteMark> {
  const marks = new Map<string, IncompleteMark>();
  for (const volume of volumes) {
    const marked = volume.labels[INCOMPLETE_LABEL];
    if (marked === undefined) continue;
    marks.set(marked, {
      operation: volume.labels[INCOMPLETE_OP_LABEL] ?? '?',
      source: volume.labels[INCOMPLETE_SOURCE_LABEL] ?? '',
      since: volume.labels[INCOMPLETE_SINCE_LABEL] ?? volume.createdAt,
      marker: volume.name,
    });
  }
  return marks;
}

/** "restore of /b/db.tar.gz at 2026-12-06 11:02 UTC": what the row, the details and messages say (unsanitized). */
export function incompleteText(mark: IncompleteMark): string {
  const at = Date.parse(mark.since);
  const when = Number.isNaN(at) ? '' : ` at ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${mark.operation}${mark.source ? ` of ${mark.source}` : ''}${when}`;
}
