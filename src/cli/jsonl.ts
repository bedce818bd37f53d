/**
 * Line-oriented JSON streaming shared by the `--jsonl` commands: one result
 * line per input line, in input order, output buffered so a bulk run is not
 * bound by one write syscall per page.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const FLUSH_AT = 1 << 16;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Applies `handle` to every non-empty line parsed as JSON. A line that is not
 * JSON or whose handler throws yields `{"error": "..."}` in its place, so the
 * output always lines up with the input.
 */
export async function runJsonl(input: Readable, output: Writable, handle: (value: unknown) => unknown): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let buffer = '';
  let count = 0;
  const flush = async (): Promise<void> => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = '';
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for await (const line of lines) {
    if (!line.trim()) continue;
    let result: unknown;
    try {
      result = handle(JSON.parse(line));
    } catch (err) {
      result = { error: errorMessage(err) };
    }
    buffer += `${JSON.stringify(result)}\n`;
    count++;
    if (buffer.length >= FLUSH_AT) await flush();
  }
  await flush();
  return count;
}
