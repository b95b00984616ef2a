/**
 * The hidden names volscope writes under before a file is whole (`.NAME.volscope-…tmp`), with
 * whose they are: a short tag of the host and the pid. A later run tells a temporary file of a
 * live run (kept) from one a killed run left (removed), and never touches a file of this shape
 * that names another host, nor any other file.
 */

import {createHash} from 'node:crypto';

/** A host as temporary names carry it: 8 hex digits of its name (a name may hold any character). */
export function hostTag(hostname: string): string {
  return createHash('sha256').update(hostname).digest('hex').slice(0, 8);
}

export interface TempOwner {
  /** 8 hex digits of the host's name (model/temp-names hostTag). */
  readonly host: string;
  readonly pid: number;
}

export interface ParsedTemp {
  /** The final name it was being written for. */
  readonly name: string;
  /** Absent for names of volscope before owners were written into them. */
  readonly owner?: TempOwner;
}

/** `.NAME.volscope-HOST-PID-RANDOM.tmp`. */
export function tempName(name: string, owner: TempOwner, random: string): string {
  return `.${name}.volscope-${owner.host}-${owner.pid}-${random}.tmp`;
}

const WITH_OWNER = /^\.(.+)\.volscope-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}\.tmp$/;
const WITHOUT_OWNER = /^\.(.+)\.volscope-[0-9a-f]{8}\.tmp$/;

export function parseTempName(file: string): ParsedTemp | undefined {
  const owned = WITH_OWNER.exec(file);
  if (owned) return {name: owned[1]!, owner: {host: owned[2]!, pid: Number(owned[3])}};
  const old = WITHOUT_OWNER.exec(file);
  return old ? {name: old[1]!} : undefined;
}

/** A temporary file without an owner counts as left behind once untouched this long (a run writes it all the time). */
export const OWNERLESS_STALE_MS = 24 * 60 * 60 * 1000;

export type TempVerdict = 'stale' | 'live' | 'elsewhere';

/**
 * Whose the temporary file is now: a run of this host that is gone (`stale`: remove it), a live
 * one (`live`), or another host's (`elsewhere`: its runs are not ours to judge). One without an
 * owner is stale once untouched for OWNERLESS_STALE_MS.
 */
export function tempVerdict(
  parsed: ParsedTemp,
  view: {host: string; isAlive(pid: number): boolean; ageMs: number},
): TempVerdict {
  if (!parsed.owner) return view.ageMs > OWNERLESS_STALE_MS ? 'stale' : 'live';
  if (parsed.owner.host !== view.host) return 'elsewhere';
  return view.isAlive(parsed.owner.pid) ? 'live' : 'stale';
}
