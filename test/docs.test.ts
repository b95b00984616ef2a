import {existsSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

const ROOT = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

/** Relative links of a Markdown file, without their #anchors. */
function links(path: string): string[] {
  return [...read(path).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe('docs a newcomer can read', () => {
  it('keeps the README short: 10 KB at most', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThanOrEqual(10 * 1024);
  });

  it('every page the README, CONTRIBUTING.md and docs/ link to exists', () => {
    const pages = [
      'README.md',
      'CONTRIBUTING.md',
      'docs/guide.md',
      'docs/keys.md',
      'docs/backups.md',
      'docs/connecting.md',
      'docs/cli.md',
      'docs/architecture.md',
      'docs/testing.md',
      'docs/benchmarks.md',
      'docs/history.md',
    ];
    for (const page of pages) {
      const base = new URL(page, ROOT);
      for (const target of links(page)) expect(existsSync(new URL(target, base)), `${page} -> ${target}`).toBe(true);
    }
  });
});
