/**
 * Splits a byte stream into JSON values, one per line, across chunk boundaries (the events stream
 * delivers lines split anywhere). Malformed lines are skipped rather than ending the stream.
 */
export function createNdjsonParser(onValue: (value: unknown) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) {
        try {
          onValue(JSON.parse(line));
        } catch {
          // A torn or foreign line: ignore it, the next refresh reconciles anyway.
        }
      }
      newline = pending.indexOf('\n');
    }
  };
}
