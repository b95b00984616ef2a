import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

/**
 * Every import and re-export of the files under `folder` (subfolders too), with whether it is
 * type-only. `target` is as seen from the folder itself (a subfolder's `../../docker/x` reads
 * `../docker/x`, so one rule covers both); `raw` is as written.
 */
function importsOf(folder: string): Array<{file: string; target: string; raw: string; typeOnly: boolean}> {
  const found: Array<{file: string; target: string; raw: string; typeOnly: boolean}> = [];
  for (const entry of readdirSync(join(SRC, folder), {withFileTypes: true})) {
    if (entry.isDirectory()) {
      found.push(...importsOf(`${folder}/${entry.name}`).map((i) => ({...i, target: i.target.replace(/^\.\.\//, '')})));
      continue;
    }
    const text = readFileSync(join(SRC, folder, entry.name), 'utf8');
    for (const match of text.matchAll(/^(import|export)( type)?[^'"]*from\s+'([^']+)'/gm)) {
      found.push({file: `${folder}/${entry.name}`, target: match[3]!, raw: match[3]!, typeOnly: Boolean(match[2])});
    }
  }
  return found;
}

describe('layers (DESIGN.md)', () => {
  it('model/ and keymap/ import nothing from React, Ink or dockerode, nor from other layers', () => {
    for (const folder of ['model', 'keymap']) {
      for (const {file, target} of importsOf(folder)) {
        expect(target, file).not.toMatch(/^(react|ink|dockerode|docker-modem)(\/|$)/);
        expect(target, file).not.toMatch(/^\.\.\/(docker|app|ui|cli|tui|ops|local)\//);
      }
    }
  });

  it("local/ (files on the user's machine) knows neither the engine nor the screen", () => {
    for (const {file, target} of importsOf('local')) {
      expect(target, file).not.toMatch(/^(react|ink|dockerode|docker-modem)(\/|$)/);
      expect(target, file).not.toMatch(/^\.\.\/(docker|app|ui|cli)\//);
    }
  });

  it('notify/ (telling monitors) is plain HTTP: no engine, no screen, no files', () => {
    for (const {file, target} of importsOf('notify')) {
      expect(target, file).not.toMatch(/^(react|ink|dockerode|docker-modem)(\/|$)/);
      expect(target, file).not.toMatch(/^\.\.\/(docker|app|ui|cli|tui|ops|local)\//);
    }
  });

  it('ssh/ (one SSH connection, host keys, auth) serves engines and backup targets alike: it knows neither', () => {
    for (const {file, target} of importsOf('ssh')) {
      expect(target, file).not.toMatch(/^(react|ink|dockerode|docker-modem)(\/|$)/);
      expect(target, file).not.toMatch(/^\.\.\/(docker|app|ui|cli|tui|ops|local|notify)\//);
    }
  });

  it('targets/ (where backups live: a folder, sftp, rclone) knows neither the engine nor the screen', () => {
    for (const {file, target} of importsOf('targets')) {
      expect(target, file).not.toMatch(/^(react|ink|dockerode|docker-modem)(\/|$)/);
      expect(target, file).not.toMatch(/^\.\.\/(docker|app|ui|cli|tui|ops|local|notify)\//);
    }
  });

  it('ui/ only renders: no docker/, and nothing but types from app/ (no reducers, selectors or hooks)', () => {
    for (const {file, target, typeOnly} of importsOf('ui')) {
      expect(target, file).not.toMatch(/^\.\.\/(docker|ops|local|cli|tui)\//);
      if (/^\.\.\/app\//.test(target)) expect(typeOnly, `${file} imports ${target} for more than its types`).toBe(true);
    }
  });

  it('app/ reaches the engine and the disk only through its ports', () => {
    for (const {file, target, typeOnly} of importsOf('app')) {
      // The state container does not draw: the view root (tui/App.tsx) joins it to ui/.
      expect(target, file).not.toMatch(/^\.\.\/ui\//);
      // Operations too: the app asks for them through its ports (VolumeJobs, VolumeWriter, MountProbe), which return typed outcomes.
      expect(target, file).not.toMatch(/^\.\.\/(local|cli|tui|ops)\//);
      // The port contract (gateway.ts: interfaces and the errors its implementations throw) and error wording only.
      if (/^\.\.\/docker\//.test(target) && !typeOnly)
        expect(target, file).toMatch(/^\.\.\/docker\/(gateway|errors)\.js$/);
    }
  });

  it('has no import circle', () => {
    const graph = new Map<string, string[]>();
    for (const folder of [
      'model',
      'keymap',
      'docker',
      'local',
      'notify',
      'ops',
      'app',
      'ui',
      'cli',
      'tui',
      'testing',
    ]) {
      for (const {file, raw} of importsOf(folder)) {
        if (!raw.startsWith('.')) continue;
        const from = join(SRC, file);
        const to = join(dirname(from), raw).replace(/\.js$/, '');
        graph.set(from, [...(graph.get(from) ?? []), to]);
      }
    }
    const strip = (path: string) => path.replace(/\.tsx?$/, '');
    const edges = new Map([...graph].map(([from, tos]) => [strip(from), tos]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open')
        return void circles.push(
          [...trail.slice(trail.indexOf(node)), node].map((n) => n.slice(SRC.length)).join(' -> '),
        );
      state.set(node, 'open');
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) visit(node, []);
    expect(circles).toEqual([]);
  });

  it('only the argv commands import cli/: the TUI bootstrap and the operations do not', () => {
    for (const folder of ['tui', 'ops', 'app', 'ui', 'docker', 'local', 'model', 'keymap']) {
      for (const {file, target} of importsOf(folder)) expect(target, file).not.toMatch(/^\.\.\/cli(\/|\.js$)/);
    }
  });

  it('ops/ (volume operations) knows no React, Ink, app, screen or command line', () => {
    for (const {file, target} of importsOf('ops')) {
      expect(target, file).not.toMatch(/^(react|ink)(\/|$)/);
      expect(target, file).not.toMatch(/^\.\.\/(app|ui|cli|tui)\//);
    }
  });

  it('production code never imports the test doubles in testing/ (they are not in the published package)', () => {
    for (const folder of ['model', 'keymap', 'docker', 'local', 'ops', 'app', 'ui', 'cli', 'tui']) {
      for (const {file, target} of importsOf(folder)) expect(target, file).not.toMatch(/^\.\.\/testing\//);
    }
    const cli = readFileSync(join(SRC, 'cli.tsx'), 'utf8');
    expect(cli).not.toMatch(/from '\.\/testing\//);
  });

  it('only docker/ imports dockerode', () => {
    for (const folder of ['model', 'keymap', 'app', 'ui', 'cli', 'local', 'ops', 'tui']) {
      for (const {file, target} of importsOf(folder)) expect(target, file).not.toMatch(/^dockerode/);
    }
  });
});
