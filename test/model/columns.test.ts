import {describe, expect, it} from 'vitest';
import {cellWidth} from '../../src/model/cells.js';
import {ASCII_GLYPHS, UNICODE_GLYPHS} from '../../src/model/glyphs.js';
import {joinVolumes} from '../../src/model/join.js';
import {COLUMN_GAP, layoutColumns} from '../../src/model/layout.js';
import {detailLines} from '../../src/model/details.js';
import {toJson} from '../../src/model/json.js';
import {plainTable} from '../../src/model/plain-table.js';
import {displayWidth} from '../../src/model/text.js';
import {MANY_ENGINE_COLUMNS, VOLUME_COLUMNS, volumeCell} from '../../src/model/volume-columns.js';
import {HEX, container, volume} from '../helpers/fixtures.js';

const ids = (width: number) => layoutColumns(VOLUME_COLUMNS, width).map((c) => c.id);
const total = (width: number) => {
  const cols = layoutColumns(VOLUME_COLUMNS, width);
  return cols.reduce((sum, c) => sum + c.width, 0) + COLUMN_GAP * (cols.length - 1);
};

describe('layoutColumns', () => {
  it('shows every column on a wide terminal and uses exactly its width', () => {
    expect(ids(140)).toEqual(['name', 'driver', 'size', 'containers', 'project', 'age']);
    expect(total(140)).toBe(140);
  });

  it('drops driver first, then project, then age as the terminal narrows', () => {
    expect(ids(80)).toEqual(['name', 'size', 'containers', 'project', 'age']);
    expect(ids(64)).toEqual(['name', 'size', 'containers', 'age']);
    expect(ids(60)).toEqual(['name', 'size', 'containers', 'age']);
    expect(ids(45)).toEqual(['name', 'size', 'containers']);
    expect(ids(30)).toEqual(['name', 'size']);
    for (const width of [30, 45, 60, 64, 80, 100, 200]) expect(total(width)).toBe(width);
  });
});

describe('volume cells', () => {
  const ctx = {glyphs: UNICODE_GLYPHS, nowMs: Date.UTC(2026, 10, 23)};
  const many = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((n, i) =>
    container(n, i % 2 ? 'exited' : 'running', [['v', '/v']]),
  );
  const [row] = joinVolumes([volume('v')], many, undefined, 'local');

  it('marks running and stopped containers and counts the rest as +N', () => {
    const cell = volumeCell('containers', row!, 22, ctx);
    const text = cell.map((p) => p.text).join('');
    expect(text).toBe('●alpha ●charlie +3');
    expect(cell.map((p) => p.tone)).toEqual(['running', 'running', 'muted']);
    expect(cellWidth(cell)).toBeLessThanOrEqual(22);
  });

  it('lists all containers when they fit, stopped ones hollow', () => {
    const text = volumeCell('containers', row!, 80, ctx)
      .map((p) => p.text)
      .join('');
    expect(text).toBe('●alpha ●charlie ●echo ○bravo ○delta');
  });

  it('never exceeds the column width, even for one long name', () => {
    const [long] = joinVolumes(
      [volume('v')],
      [container('a-very-long-container-name', 'running', [['v', '/v']]), container('b', 'exited', [['v', '/v']])],
      undefined,
      'local',
    );
    for (const width of [5, 8, 14, 20])
      expect(cellWidth(volumeCell('containers', long!, width, ctx))).toBeLessThanOrEqual(width);
  });

  it('shortens anonymous names and marks them; ASCII glyphs without UTF-8', () => {
    const [anon] = joinVolumes([volume(HEX)], [], undefined, 'local');
    expect(
      volumeCell('name', anon!, 30, ctx)
        .map((p) => p.text)
        .join(''),
    ).toBe(`◌ ${HEX.slice(0, 12)}`);
    expect(
      volumeCell('name', anon!, 30, {...ctx, glyphs: ASCII_GLYPHS})
        .map((p) => p.text)
        .join(''),
    ).toBe(`~ ${HEX.slice(0, 12)}`);
    expect(volumeCell('size', anon!, 8, {...ctx, glyphs: ASCII_GLYPHS})[0]!.text).toBe('...');
  });

  it('sanitizes names before they are measured and cut', () => {
    const [evil] = joinVolumes([volume('x')], [container('a\u001b[2Jb', 'running', [['x', '/x']])], undefined, 'local');
    const text = volumeCell('containers', evil!, 40, ctx)
      .map((p) => p.text)
      .join('');
    expect(text).toBe('●a\\e[2Jb');
  });
});

describe('one source per column: the table, ls, ls --json and the details derive from model/volume-fields.ts', () => {
  const nowMs = Date.UTC(2026, 10, 23);
  const [row] = joinVolumes(
    [{...volume('shop_db'), labels: {'com.docker.compose.project': 'shop'}}],
    [container('shop-db-1', 'running', [['shop_db', '/var/lib/db']])],
    new Map([['shop_db', {size: 1_200_000_000, refCount: 1}]]),
    'prod',
  );

  it('ls prints the same columns as the table, each aligned as the table aligns it', () => {
    const [header, line] = plainTable([row!], nowMs, true, true).split('\n');
    expect(header!.split(/\s+/)).toEqual(MANY_ENGINE_COLUMNS.map((c) => c.header));
    // SIZE is right-aligned under its header: both end at the same column.
    expect(line!.indexOf('1.2 GB') + '1.2 GB'.length).toBe(header!.indexOf('SIZE') + 'SIZE'.length);
  });

  it('ls pads by display cells, so a wide name keeps the columns after it aligned, and ends no line in spaces', () => {
    const rows = joinVolumes([volume('数据库'), volume('a-much-longer-ascii-name')], [], undefined, 'prod');
    const lines = plainTable(rows, nowMs, false).trimEnd().split('\n');
    // The driver starts in the same terminal column on every line: 数据库 is six cells, not three.
    const driverColumn = (line: string) => displayWidth(line.slice(0, line.indexOf('local')));
    const [header, ...body] = lines;
    expect(body.map(driverColumn)).toEqual([header!.indexOf('DRIVER'), header!.indexOf('DRIVER')]);
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it('ls --json has exactly the documented keys, ENGINE only with several engines', () => {
    const keys = [
      'name',
      'anonymous',
      'driver',
      'scope',
      'mountpoint',
      'createdAt',
      'size',
      'refCount',
      'containers',
      'composeProject',
      'composeProjectInferred',
      'labels',
      'growth',
      'lastUsers',
      'incomplete',
    ];
    expect(Object.keys(toJson(row!)).sort()).toEqual([...keys].sort());
    expect(Object.keys(toJson(row!, true)).sort()).toEqual([...keys, 'engine'].sort());
    expect(toJson(row!)).toMatchObject({name: 'shop_db', size: 1_200_000_000, composeProject: 'shop'});
  });

  it("the details pane lists the scalar fields in the fields' order", () => {
    expect(
      detailLines(row!, '…')
        .slice(0, 9)
        .map((line) => line.label),
    ).toEqual([
      'Name',
      'Anonymous',
      'Driver',
      'Scope',
      'Mountpoint',
      'Created',
      'Size',
      'References',
      'Compose project',
    ]);
  });
});
