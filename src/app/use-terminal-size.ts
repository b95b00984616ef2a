import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/**
 * Ink re-lays out on resize but does not re-render hooks that depend on the size, so we listen
 * ourselves. Test streams have no rows: default to a classic 80x24.
 */
export function useTerminalSize(): TerminalSize {
  // Ink 8 types it as a plain writable; a terminal's has columns and rows, a test stream may not.
  const stdout = useStdout().stdout as NodeJS.WritableStream &
    Partial<Pick<NodeJS.WriteStream, 'columns' | 'rows'>> &
    NodeJS.EventEmitter;
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = sizeOf(stdout);
      setSize((current) => (current.columns === next.columns && current.rows === next.rows ? current : next));
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function sizeOf(stdout: Partial<Pick<NodeJS.WriteStream, 'columns' | 'rows'>>): TerminalSize {
  return {columns: stdout.columns || 80, rows: stdout.rows || 24};
}
