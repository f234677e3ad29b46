import {setImmediate as nextTurn} from 'node:timers/promises'

/**
 * Runs `work` over `items`, at most `limit` at a time. The first failure is thrown once the running
 * ones have settled, and no new item starts after it, so cleanup sees everything that was started.
 */
export async function inPool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        await work(items[index]!, index)
      } catch (error) {
        failure ??= {error}
      }
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  if (failure) throw failure.error
}

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
