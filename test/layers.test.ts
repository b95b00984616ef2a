import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

/** Every import and re-export of the files under `folder` (subfolders too), with whether it is type-only. */
function importsOf(folder: string): Array<{file: string; target: string; typeOnly: boolean}> {
  const found: Array<{file: string; target: string; typeOnly: boolean}> = [];
  for (const entry of readdirSync(join(SRC, folder), {withFileTypes: true})) {
    if (entry.isDirectory()) {
      found.push(...importsOf(`${folder}/${entry.name}`).map((i) => ({...i, target: i.target.replace(/^\.\.\//, '')})));
      continue;
    }
    const text = readFileSync(join(SRC, folder, entry.name), 'utf8');
    for (const match of text.matchAll(/^(import|export)( type)?[^'"]*from\s+'([^']+)'/gm)) {
      found.push({file: `${folder}/${entry.name}`, target: match[3]!, typeOnly: Boolean(match[2])});
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

  it('local/ (files on the user\'s machine) knows neither the engine nor the screen', () => {
    for (const {file, target} of importsOf('local')) {
      expect(target, file).not.toMatch(/^(react|ink|dockerode|docker-modem)(\/|$)/);
      expect(target, file).not.toMatch(/^\.\.\/(docker|app|ui|cli)\//);
    }
  });

  it('ui/ never imports docker/', () => {
    for (const {file, target} of importsOf('ui')) expect(target, file).not.toMatch(/^\.\.\/docker\//);
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

  it('only docker/ imports dockerode', () => {
    for (const folder of ['model', 'keymap', 'app', 'ui', 'cli', 'local', 'ops', 'tui']) {
      for (const {file, target} of importsOf(folder)) expect(target, file).not.toMatch(/^dockerode/);
    }
  });
});
