// The background reads' queue: a bounded number at once, results handed back in the order asked whatever order the
// reads finish in, and nothing more after a stop. The reads here are promises the story settles itself.
import { describe, expect, it } from 'vitest'
import { OrderedReads } from '../../../src/main/intake/orderedReads'

/** A read the story finishes by hand, by item. */
function heldReads(): { read: (item: string) => Promise<string>; finish: (item: string) => void; started: string[] } {
  const pending = new Map<string, (value: string) => void>()
  const started: string[] = []
  return {
    started,
    read: (item) => {
      started.push(item)
      return new Promise((resolve) => pending.set(item, resolve))
    },
    finish: (item) => pending.get(item)!(`read ${item}`)
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('ordered background reads', () => {
  it('reads at most the bound at once and hands results back in the order asked, as runs', async () => {
    const reads = heldReads()
    const runs: string[][] = []
    const queue = new OrderedReads<string, string>(reads.read, (results) => runs.push(results.map((r) => r.read)), 2)
    queue.push(['a', 'b', 'c', 'd'])
    expect(reads.started).toEqual(['a', 'b'])
    expect(queue.size).toBe(4)

    // b finishes first: nothing is handed back until a has.
    reads.finish('b')
    await settle()
    expect(runs).toEqual([])
    expect(reads.started).toEqual(['a', 'b', 'c'])
    reads.finish('a')
    await settle()
    expect(runs).toEqual([['read a', 'read b']])
    expect(queue.size).toBe(2)

    queue.push(['e'])
    reads.finish('c')
    reads.finish('d')
    await settle()
    reads.finish('e')
    await settle()
    expect(runs.flat()).toEqual(['read a', 'read b', 'read c', 'read d', 'read e'])
    expect(queue.size).toBe(0)
  })

  it('hands back nothing after a stop, starts no further read, and counts nothing left', async () => {
    const reads = heldReads()
    const runs: string[][] = []
    const queue = new OrderedReads<string, string>(reads.read, (results) => runs.push(results.map((r) => r.read)), 1)
    queue.push(['a', 'b'])
    queue.stop()
    expect(queue.size).toBe(0)
    reads.finish('a')
    await settle()
    queue.push(['c'])
    expect(runs).toEqual([])
    expect(reads.started).toEqual(['a'])
  })

  it('ends, and says why, when taking a result fails (the journal closed), instead of leaving an unhandled rejection', async () => {
    const reads = heldReads()
    const failures: unknown[] = []
    const queue = new OrderedReads<string, string>(
      reads.read,
      () => {
        throw new TypeError('The database connection is not open')
      },
      1,
      (err) => failures.push(err)
    )
    queue.push(['a', 'b'])
    reads.finish('a')
    await settle()
    expect(failures.map((e) => (e as Error).message)).toEqual(['The database connection is not open'])
    expect(queue.size).toBe(0)
    // Stopped: the next item is never read.
    expect(reads.started).toEqual(['a'])
  })
})
