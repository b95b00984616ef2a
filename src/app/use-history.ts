import {type Dispatch, useEffect} from 'react';
import type {GrowthWindow} from '../model/growth.js';
import type {VolumeRow} from '../model/types.js';
import type {Action} from './actions.js';
import type {EngineLink} from './ports.js';

/**
 * The size history of each engine: what it knows goes into the state on every change, the growth
 * window goes to it when `w` changes it, and the details of a volume ask it for the sparkline.
 */
export function useHistory(
  engines: readonly EngineLink[],
  window: GrowthWindow,
  details: VolumeRow | undefined,
  dispatch: Dispatch<Action>,
): void {
  useEffect(() => {
    const unsubscribes = engines.map((link) => {
      const source = link.history;
      if (!source) return () => {};
      const handOver = () => {
        const {view, note} = source.getSnapshot();
        dispatch({type: 'history', engine: link.name, view, note});
      };
      const unsubscribe = source.subscribe(handOver);
      handOver();
      return unsubscribe;
    });
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [engines, dispatch]);
  useEffect(() => {
    for (const link of engines) link.history?.setWindow(window);
  }, [engines, window]);
  const source = details ? engines.find((link) => link.name === details.engine)?.history : undefined;
  const key = details?.key;
  const name = details?.volume.name;
  // Read again when a new scan changed what the history knows of it (its facts are a new object).
  const facts = details?.history;
  useEffect(() => {
    if (!source || key === undefined || name === undefined || !facts) return;
    let live = true;
    void source.series(name, window).then(
      (series) => live && dispatch({type: 'historySeries', series: {key, window, ...series}}),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [source, key, name, window, facts, dispatch]);
}
