/**
 * What only a job, a file dialog or an opened backup needs is imported on its first use, not with
 * Ink. Imported with the session, it was half of what Ink's chunk made the thread evaluate
 * (node-tar, tar-stream, zlib with its zip reader, fs/promises) while the engines' answers waited
 * behind it, and the first frame showed nothing of it.
 */

/** `load`, run once, on the first call; `loaded` is what it gave, once it has. */
export interface Loader<T> {
  (): Promise<T>;
  readonly loaded: T | undefined;
}

export function loadOnce<T>(load: () => Promise<T>): Loader<T> {
  let pending: Promise<T> | undefined;
  const loader: {(): Promise<T>; loaded: T | undefined} = Object.assign(
    () =>
      (pending ??= load().then(
        (value) => {
          loader.loaded = value;
          return value;
        },
        (error: unknown) => {
          // A failed import (a file gone under an upgrade) is tried again on the next use.
          pending = undefined;
          throw error;
        },
      )),
    {loaded: undefined},
  );
  return loader;
}

// biome-ignore lint/suspicious/noExplicitAny: any method shape; the port's own type is what callers see.
type AsyncMethod = (...args: any[]) => Promise<unknown>;

/**
 * A port whose methods all return promises, built by `build` on the first call of any of them.
 * `methods` names each one: a record over the port's keys, so the compiler finds one left out.
 */
export function onFirstCall<T extends {readonly [K in keyof T]: AsyncMethod}>(
  methods: {readonly [K in keyof T]: true},
  build: () => Promise<T>,
): T {
  const port = loadOnce(build);
  const facade: Partial<Record<keyof T, AsyncMethod>> = {};
  for (const name of Object.keys(methods) as Array<keyof T>) {
    facade[name] = async (...args: unknown[]) => (await port())[name](...args);
  }
  return facade as T;
}
