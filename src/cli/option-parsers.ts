import {InvalidArgumentError} from 'commander';

/** Whether program() builds a command: building all of them took ~3 ms of every start. */
export type Wanted = (name: string) => boolean;

/** commander's parsers for option values: each throws its words for a bad one. */
export function descriptor(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a file descriptor number (0 or more)');
  return n;
}

export function milliseconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError('must be a positive number of milliseconds');
  return parsed;
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number, 1 or more');
  return n;
}

export function gzipLevel(value: string): number {
  const level = Number(value);
  if (!Number.isInteger(level) || level < 1 || level > 9)
    throw new InvalidArgumentError('must be a whole number from 1 to 9');
  return level;
}
