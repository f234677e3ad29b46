import {setImmediate as nextTurn} from 'node:timers/promises'

/** Synchronous steps between turns of the event loop (when a stop signal's handler can run). */
const BATCH = 64

/**
 * A turn of the event loop before every BATCH-th synchronous step (`await turnBefore(index)`), so a
 * stop signal is heard. For thousands of small files, synchronous calls in batches are several times
 * cheaper than promises, each of which costs thread-pool round trips (open, stat, read, close) that
 * dwarf the read or write itself.
 */
export const turnBefore = (index: number): Promise<void> | undefined => (index % BATCH === 0 ? nextTurn() : undefined)

/** Runs synchronous `work` over `items` in batches, with a turn of the event loop between them. */
export async function inSyncBatches<T>(items: readonly T[], work: (item: T, index: number) => void): Promise<void> {
  for (const [index, item] of items.entries()) {
    await turnBefore(index)
    work(item, index)
  }
}
