import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function importsOf(folder: string): Array<{file: string; target: string}> {
  const found: Array<{file: string; target: string}> = [];
  for (const name of readdirSync(join(SRC, folder))) {
    const text = readFileSync(join(SRC, folder, name), 'utf8');
    for (const match of text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)) found.push({file: `${folder}/${name}`, target: match[1]!});
  }
  return found;
}

describe('layers (DESIGN.md)', () => {
  it('model/ and keymap/ import nothing from React, Ink or dockerode, nor from other layers', () => {
    for (const folder of ['model', 'keymap']) {
      for (const {file, target} of importsOf(folder)) {
        expect(target, file).not.toMatch(/^(react|ink|dockerode|docker-modem)(\/|$)/);
        expect(target, file).not.toMatch(/^\.\.\/(docker|app|ui|cli)\//);
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

  it('only docker/ imports dockerode', () => {
    for (const folder of ['model', 'keymap', 'app', 'ui', 'cli', 'local']) {
      for (const {file, target} of importsOf(folder)) expect(target, file).not.toMatch(/^dockerode/);
    }
  });
});
