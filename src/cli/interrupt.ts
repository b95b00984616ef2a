/**
 * Ctrl+C, SIGTERM (systemd stopping a unit) and SIGHUP (a dropped SSH session) abort the work under
 * way instead of killing the process, so it can leave nothing half-made; the exit code then says
 * which signal it was (128 + its number). `release` puts the default handling back.
 */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** 130, 143 or 129 once a signal came; 0 otherwise. */
  code(): number;
  release(): void;
}

export function onInterrupt(): Interrupt {
  const abort = new AbortController();
  let code = 0;
  const handlers = (
    [
      ['SIGINT', 130],
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const
  ).map(([name, exit]) => {
    const handler = () => {
      code = exit;
      abort.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: abort.signal,
    code: () => code,
    release: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
