import type Docker from 'dockerode';
import {describe, expect, it} from 'vitest';
import {ABANDONED_AFTER_MS, danglingMarkers, orphanHelpers, sameMark} from '../../src/docker/orphan-sweep.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const helper = (id: string, host: string, pid: number, state: string, ageMs: number) =>
  ({
    Id: id,
    State: state,
    Created: (NOW - ageMs) / 1000,
    Labels: {'io.volscope.helper': '1', 'io.volscope.owner-host': host, 'io.volscope.owner-pid': String(pid)},
  }) as unknown as Docker.ContainerInfo;

describe('which helpers a sweep removes', () => {
  const view = {
    host: 'here',
    pid: 100,
    nowMs: NOW,
    isAlive: (pid: number) => pid === 200,
    inUse: (id: string) => id === 'mine-used',
  };

  it("this host's: those of dead runs, and this run's own it no longer uses; never a live run's", () => {
    const list = [
      helper('dead', 'here', 300, 'running', 5_000),
      helper('live', 'here', 200, 'running', 5_000),
      helper('mine-used', 'here', 100, 'running', 5_000),
      helper('mine-left', 'here', 100, 'created', 5_000),
    ];
    expect(orphanHelpers(list, view).map((c) => c.Id)).toEqual(['dead', 'mine-left']);
  });

  it("another host's: only when clearly abandoned — not running and older than the bound", () => {
    const list = [
      helper('running-old', 'there', 300, 'running', 10 * ABANDONED_AFTER_MS),
      helper('created-young', 'there', 300, 'created', ABANDONED_AFTER_MS / 2),
      helper('created-old', 'there', 300, 'created', ABANDONED_AFTER_MS + 1_000),
      helper('exited-old', 'there', 300, 'exited', 2 * ABANDONED_AFTER_MS),
    ];
    expect(orphanHelpers(list, view).map((c) => c.Id)).toEqual(['created-old', 'exited-old']);
  });
});

describe('which marks of half-done operations a sweep removes', () => {
  const view = {host: 'here', nowMs: NOW, isAlive: (pid: number) => pid === 200};
  const marker = (marked: string, host: string, pid: number, ageMs: number) => ({
    name: `${marked}.volscope-incomplete`,
    labels: {'io.volscope.incomplete': marked, 'io.volscope.owner-host': host, 'io.volscope.owner-pid': String(pid)},
    createdMs: NOW - ageMs,
  });

  it('only marks whose volume is gone and whose run is over', () => {
    const markers = [
      marker('still-there', 'here', 300, 5_000),
      marker('gone-dead-run', 'here', 300, 5_000),
      // A live restore marks a new volume a moment before it creates it.
      marker('gone-live-run', 'here', 200, 5_000),
      marker('gone-elsewhere-young', 'there', 300, ABANDONED_AFTER_MS / 2),
      marker('gone-elsewhere-old', 'there', 300, ABANDONED_AFTER_MS + 1_000),
    ];
    expect(
      danglingMarkers(markers, new Set(['still-there']), view).map((m) => m.labels['io.volscope.incomplete']),
    ).toEqual(['gone-dead-run', 'gone-elsewhere-old']);
  });

  it('removes a mark only while it is still the one judged: a run that marked the volume afresh keeps its mark', () => {
    const judged = marker('gone-dead-run', 'here', 300, 5_000);
    expect(sameMark(judged, {...judged})).toBe(true);
    // The same name, made since by a live run (its pid, a later creation time).
    expect(sameMark(judged, marker('gone-dead-run', 'here', 200, 10))).toBe(false);
    expect(sameMark(judged, {...judged, createdMs: judged.createdMs + 1})).toBe(false);
    expect(sameMark(judged, marker('gone-dead-run', 'there', 300, 5_000))).toBe(false);
  });
});
