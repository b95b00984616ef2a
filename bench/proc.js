// What the scale and peer benchmarks read of a running process and of the engine from /proc.
import {readdirSync, readFileSync} from 'node:fs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(stat[11]) + Number(stat[12]);
}

export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]);
  return {
    rssMb: kb('VmRSS') / 1024,
    hwmMb: kb('VmHWM') / 1024,
    // RSS in two: what the process wrote (heap, stacks, malloc) and the pages of its program files
    // it touched (for volscope, ~50 MB of the Node binary: shared and clean, as Go's are not).
    anonMb: kb('RssAnon') / 1024,
    fileMb: kb('RssFile') / 1024,
  };
}

/**
 * Page faults a process had to read from disk since it started. A start that finds its program
 * paged out (a kernel that pages out idle memory, as DAMON's pageout scheme does) pays for them,
 * and Node's ~50 MB of binary pays more than a 12 MB Go one: the bench shows both beside the times.
 */
export function majorFaults(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the command name (in parentheses, which may hold spaces) come field 3 (state) on; majflt is field 12.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[9]);
}

/** A note saying where an RSS comes from. */
export const memorySplit = (mem) =>
  `own memory ${mem.anonMb.toFixed(1)} MB + program files' pages ${mem.fileMb.toFixed(1)} MB`;

/** The dockerd serving this socket, to see what volscope costs the engine while idle. */
export function enginePid(socket) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline[0].endsWith('dockerd') && cmdline.some((arg) => arg.includes(socket))) return Number(entry);
    } catch {}
  }
  return undefined;
}
