import {useEffect, useState} from 'react';
import type {EngineData} from '../model/records.js';

/**
 * The time, ticking once a second, only while a call waits on an engine: the status line counts
 * how long. Nothing pending, no timer: an idle volscope re-renders nothing.
 */
export function usePendingClock(engines: readonly EngineData[]): number | undefined {
  const waiting = engines.some(
    ({snapshot}) => snapshot?.sizingSince !== undefined || snapshot?.listingSince !== undefined,
  );
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting]);
  return waiting ? now : undefined;
}
