import type {EngineGateway, FileService} from '../docker/gateway.js';
import {formatSize} from '../model/format.js';
import {type BindState, joinMounts, type MountRow} from '../model/mounts.js';
import {sanitize} from '../model/sanitize.js';
import {displayWidth, pad} from '../model/text.js';
import {measureBind} from '../ops/measure-bind.js';

/** One entry of `volscope mounts --json`. */
export interface MountJson {
  type: 'bind' | 'tmpfs';
  /** The host path; null for tmpfs. */
  source: string | null;
  /** Bytes under the bind source (du in a read-only helper); null for tmpfs, a missing source, or --no-size. */
  size: number | null;
  /** The bind source is gone from the engine's host. */
  missing: boolean;
  tmpfs: {sizeBytes: number | null; mode: string | null; options: string} | null;
  containers: Array<{
    id: string;
    name: string;
    state: string;
    destination: string;
    readOnly: boolean;
    composeProject: string | null;
  }>;
}

/**
 * `volscope mounts [--json] [--no-size]`: every bind source and tmpfs of every container, as the
 * TUI's mounts view shows them. Binds are probed on the engine's host (a missing one is never
 * created) and measured one helper at a time; nothing is written.
 */
export async function runMounts(
  gateway: EngineGateway,
  files: FileService,
  options: {json: boolean; sizes: boolean},
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const containers = await gateway.listContainers();
  const tmpfs = await gateway.inspectTmpfs(containers.map((c) => c.id));
  const binds = new Map<string, BindState>();
  let failures = 0;
  const sources = [
    ...new Set(
      containers.flatMap((c) => (c.hostMounts ?? []).flatMap((m) => (m.type === 'bind' && m.source ? [m.source] : []))),
    ),
  ];
  const present = sources.length ? await files.probeBinds(sources) : new Map<string, boolean>();
  for (const source of sources)
    binds.set(
      source,
      !present.get(source)
        ? {status: 'missing'}
        : options.sizes
          ? await measureBind(files, source)
          : {status: 'present'},
    );
  const rows = joinMounts(containers, gateway.address, tmpfs, binds);
  for (const row of rows) {
    if (row.bind.status === 'failed') {
      failures += 1;
      err.write(`volscope: ${sanitize(row.source ?? '')}: ${sanitize(row.bind.error)}\n`);
    }
  }
  out.write(options.json ? `${JSON.stringify(rows.map(toMountJson), null, 2)}\n` : mountsTable(rows, options.sizes));
  return failures ? 1 : 0;
}

export function toMountJson(row: MountRow): MountJson {
  return {
    type: row.type,
    source: row.source,
    size: row.bind.status === 'measured' ? row.bind.bytes : null,
    missing: row.bind.status === 'missing',
    tmpfs:
      row.type === 'tmpfs'
        ? {sizeBytes: row.tmpfs?.sizeBytes ?? null, mode: row.tmpfs?.mode ?? null, options: row.tmpfs?.options ?? ''}
        : null,
    containers: row.users.map((u) => ({
      id: u.id,
      name: u.name,
      state: u.state,
      destination: u.destination,
      readOnly: u.readOnly,
      composeProject: u.composeProject,
    })),
  };
}

function mountsTable(rows: readonly MountRow[], sizes: boolean): string {
  const header = ['TYPE', 'SOURCE', 'SIZE', 'CONTAINERS', 'PROJECT'];
  const body = rows.map((row) => [
    row.type,
    row.type === 'bind'
      ? sanitize(row.source ?? '')
      : `tmpfs${row.tmpfs?.mode ? ` mode ${sanitize(row.tmpfs.mode)}` : ''}`,
    row.type === 'tmpfs'
      ? row.tmpfs?.sizeBytes !== undefined
        ? `<=${formatSize(row.tmpfs.sizeBytes, '-')}`
        : 'no limit'
      : row.bind.status === 'missing'
        ? 'missing'
        : row.bind.status === 'measured'
          ? formatSize(row.bind.bytes, '-')
          : sizes
            ? '?'
            : '-',
    row.users
      .map((u) => `${sanitize(u.name)} (${sanitize(u.state)}) ${sanitize(u.destination)}${u.readOnly ? ' ro' : ''}`)
      .join(', '),
    sanitize(row.projects.join(', ')) || '-',
  ]);
  const widths = header.map((title, i) =>
    Math.max(displayWidth(title), ...body.map((cells) => displayWidth(cells[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i] ?? 0, i === 2 ? 'right' : 'left')))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}
