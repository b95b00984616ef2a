import {existsSync, readFileSync} from 'node:fs';
import {dirname, join, normalize} from 'node:path';
import {describe, expect, it} from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** What importing `file` evaluates: its static value imports, followed through src/ (type-only and import() left out). */
function staticClosure(file: string): {files: Set<string>; packages: Set<string>} {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (path: string) => {
    if (files.has(path)) return;
    files.add(path);
    const text = readFileSync(join(SRC, path), 'utf8');
    for (const match of text.matchAll(/^(?:import|export)(\s+type)?\s[^'"]*?from\s+'([^']+)'/gm)) {
      if (match[1]) continue;
      const target = match[2]!;
      if (!target.startsWith('.')) {
        packages.add(target);
        continue;
      }
      const resolved = normalize(join(dirname(path), target)).replace(/\.js$/, '');
      const found = [`${resolved}.ts`, `${resolved}.tsx`].find((candidate) => existsSync(join(SRC, candidate)));
      if (found) visit(found);
    }
  };
  visit(file);
  return {files, packages};
}

describe("the TUI's start path", () => {
  it('loads with Ink nothing that only a job, a file dialog or an opened backup needs (they load on first use)', () => {
    const {files, packages} = staticClosure('tui/tui.tsx');
    // Half of what Ink's chunk evaluated before: the archive libraries and the job operations.
    for (const name of ['tar', 'tar-stream', 'node:zlib', 'zlib', 'node:fs/promises'])
      expect(packages).not.toContain(name);
    for (const name of [
      'ops/backup.ts',
      'ops/restore.ts',
      'ops/clone.ts',
      'ops/archive-browse.ts',
      'local/export.ts',
      'local/backup-file.ts',
      'tui/volume-jobs.ts',
      'tui/file-ports.ts',
    ])
      expect(files).not.toContain(name);
    // The walk itself works: what the table needs is found.
    expect(files).toContain('tui/App.tsx');
    expect(packages).toContain('ink');
  });
});
