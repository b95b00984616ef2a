export interface CountedRequest {
  at: number;
  method: string;
  /** Path without the /vX.YY prefix, query included. */
  path: string;
}
export interface RequestCounter {
  requests: CountedRequest[];
  since(t: number): CountedRequest[];
  close(): Promise<void>;
}
export function startCounter(listenPath: string, enginePath: string): Promise<RequestCounter>;
export function summarize(list: CountedRequest[]): Record<string, number>;
