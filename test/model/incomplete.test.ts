import {describe, expect, it} from 'vitest';
import {incompleteText, markerLabels, markerName, marksOf} from '../../src/model/incomplete.js';
import {joinVolumes} from '../../src/model/join.js';
import {toJson} from '../../src/model/json.js';
import {nameCell} from '../../src/model/volume-cells.js';
import {ASCII_GLYPHS, UNICODE_GLYPHS} from '../../src/model/glyphs.js';
import {detailLines} from '../../src/model/details.js';
import {volume} from '../helpers/fixtures.js';

const SINCE = '2026-12-06T11:02:33.000Z';
const marker = (marked: string, operation: string, source: string) =>
  volume(markerName(marked), {
    labels: markerLabels(marked, {operation, source, since: SINCE}, {'io.volscope.owner-host': 'h'}),
  });

describe('the mark of a half-done operation', () => {
  it('is a volume named after the one it marks, with a digest for names too long for that', () => {
    expect(markerName('pgdata')).toBe('pgdata.volscope-incomplete');
    const long = 'v'.repeat(240);
    expect(markerName(long)).toMatch(/^volscope-incomplete-[0-9a-f]{32}$/);
    expect(markerName(long)).not.toBe(markerName(`${'v'.repeat(239)}w`));
  });

  it('says what was under way, of what, since when', () => {
    const marks = marksOf([volume('db'), marker('db', 'restore', '/b/db.tar.gz'), marker('e', 'empty', '')]);
    expect(incompleteText(marks.get('db')!)).toBe('restore of /b/db.tar.gz at 2026-12-06 11:02 UTC');
    expect(incompleteText(marks.get('e')!)).toBe('empty at 2026-12-06 11:02 UTC');
    expect(marks.get('db')!.marker).toBe('db.volscope-incomplete');
  });

  it('is no row of its own: it marks the row of the volume it names, in the table, ls, --json and the details', () => {
    const rows = joinVolumes(
      [volume('db'), volume('web'), marker('db', 'restore', '/b/db.tar.gz')],
      [],
      undefined,
      'local',
    );
    expect(rows.map((r) => r.volume.name)).toEqual(['db', 'web']);
    const [db, web] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(web.incomplete).toBeUndefined();
    expect(toJson(db, false).incomplete).toEqual({
      operation: 'restore',
      source: '/b/db.tar.gz',
      since: SINCE,
      marker: 'db.volscope-incomplete',
    });
    expect(toJson(web, false).incomplete).toBeNull();
    expect(
      nameCell(db, 20, UNICODE_GLYPHS)
        .map((p) => p.text)
        .join(''),
    ).toBe('⚠ db');
    expect(nameCell(db, 20, ASCII_GLYPHS)[0]).toEqual({text: '! ', tone: 'danger'});
    const details = detailLines(db, '…').map((l) => `${l.label}: ${l.value}`);
    expect(details).toContain(
      'Incomplete: restore of /b/db.tar.gz at 2026-12-06 11:02 UTC, never finished: it may hold part of it (marked by the volume db.volscope-incomplete)',
    );
    expect(detailLines(web, '…').some((l) => l.label === 'Incomplete')).toBe(false);
  });

  it('keeps hostile text in its labels from reaching the terminal', () => {
    const [row] = joinVolumes(
      [volume('db'), marker('db', 'restore', 'evil\u001b]2;x\u0007.tar.gz')],
      [],
      undefined,
      'l',
    );
    const details = detailLines(row!, '…').find((l) => l.label === 'Incomplete')!;
    expect(details.value).not.toMatch(/[\u0000-\u001f]/);
  });
});
