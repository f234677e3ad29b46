import {setImmediate as nextTurn} from 'node:timers/promises'

/** Synchronous steps between turns of the event loop (when a stop signal's handler can run). */
const BATCH = 64

/**
 * Runs synchronous `work` over `items` in batches, with a turn of the event loop between them. For
 * thousands of small files, synchronous calls are several times cheaper than promises, each of
 * which costs thread-pool round trips (open, stat, read, close) that dwarf the read itself.
 */
export async function inSyncBatches<T>(items: readonly T[], work: (item: T, index: number) => void): Promise<void> {
  for (const [index, item] of items.entries()) {
    if (index % BATCH === 0 && index > 0) await nextTurn()
    work(item, index)
  }
}
