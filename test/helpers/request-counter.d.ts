export interface CountedRequest {
  at: number;
  method: string;
  /** Path without the /vX.YY prefix, query included. */
  path: string;
}
export interface HeldRequest {
  path: string;
  at: number;
  /** When the client gave up on it and closed the connection; undefined while it waits. */
  closedAt: number | undefined;
}
export interface RequestCounter {
  requests: CountedRequest[];
  held: HeldRequest[];
  since(t: number): CountedRequest[];
  close(): Promise<void>;
}
export function startCounter(
  listenPath: string,
  enginePath: string,
  options?: {hold?: (path: string) => boolean},
): Promise<RequestCounter>;
export function summarize(list: CountedRequest[]): Record<string, number>;
