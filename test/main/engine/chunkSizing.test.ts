// Chunk sizes on long and short round trips, and the tail's shares when other connections are still busy.
import { describe, expect, it } from 'vitest'
import { ChunkSizer, tailBalancedChunk } from '../../../src/main/engine/chunkSizer'

const MiB = 1024 * 1024
const opts = { minBytes: 1 * MiB, maxBytes: 100 * MiB, targetSeconds: 8 }

/** Feeds the sizer chunks at `bytesPerSecond` until its size settles, and returns how long a chunk then takes. */
function settledChunkSeconds(sizer: ChunkSizer, bytesPerSecond: number): number {
  for (let i = 0; i < 30; i++) sizer.recordSuccess(sizer.bytes, sizer.bytes / bytesPerSecond)
  return sizer.bytes / bytesPerSecond
}

describe('chunk size and the round trip', () => {
  it('keeps the target seconds per chunk where the round trip is short', () => {
    const sizer = new ChunkSizer(opts)
    sizer.recordRoundTrip(0.005)
    expect(settledChunkSeconds(sizer, 2 * MiB)).toBeCloseTo(8, 0)
  })

  it('makes chunks last a hundred round trips on a 300 ms link, so the idle round trip between chunks costs 1 %', () => {
    const sizer = new ChunkSizer(opts)
    sizer.recordRoundTrip(0.6) // the opening part on a fresh connection: handshake and request
    sizer.recordRoundTrip(0.3)
    expect(settledChunkSeconds(sizer, 2 * MiB)).toBeCloseTo(30, 0)
    // Still within the user's largest chunk.
    const fast = new ChunkSizer(opts)
    fast.recordRoundTrip(0.3)
    settledChunkSeconds(fast, 12 * MiB)
    expect(fast.bytes).toBe(100 * MiB)
  })

  it('lengthens chunks to 30 s at most, however slowly the server answers the opening part', () => {
    const sizer = new ChunkSizer(opts)
    sizer.recordRoundTrip(2)
    expect(settledChunkSeconds(sizer, 2 * MiB)).toBeCloseTo(30, 0)
    // A longer target the user chose still holds.
    const patient = new ChunkSizer({ ...opts, targetSeconds: 45 })
    patient.recordRoundTrip(2)
    expect(settledChunkSeconds(patient, 2 * MiB)).toBeCloseTo(45, 0)
  })

  it('learns one connection\'s pace from full-size chunks only', () => {
    const sizer = new ChunkSizer(opts)
    expect(sizer.connectionRate).toBe(0)
    sizer.recordSuccess(8 * 1024, 0.3) // the opening part says nothing about the pace
    expect(sizer.connectionRate).toBe(0)
    sizer.recordSuccess(sizer.bytes, sizer.bytes / (2 * MiB))
    expect(sizer.connectionRate).toBeCloseTo(2 * MiB, -3)
  })
})

describe('the tail with other connections busy', () => {
  it('gives a connection that frees up a fair share of everything left, in flight elsewhere included', () => {
    // 40 MiB pending, five other connections with 8 MiB each still to send: 80 MiB of work for six connections.
    expect(tailBalancedChunk(16 * MiB, 40 * MiB, 6, MiB, 40 * MiB)).toBe(Math.ceil((80 * MiB) / 6))
    // Nearly everything left is in flight elsewhere: the freed connection takes all the pending bytes at once.
    expect(tailBalancedChunk(16 * MiB, 5 * MiB, 6, MiB, 40 * MiB)).toBe(Math.ceil((45 * MiB) / 6))
  })

  it('covers the last pending bytes in a few chunks, not a dozen shrinking ones', () => {
    const freedOneAtATime = (inFlightElsewhere: (left: number) => number): number => {
      let left = 60 * MiB
      let chunks = 0
      while (left > 0) {
        left -= Math.min(left, tailBalancedChunk(16 * MiB, left, 6, MiB, inFlightElsewhere(left)))
        chunks++
      }
      return chunks
    }
    const counted = freedOneAtATime(() => 5 * 8 * MiB)
    const pendingOnly = freedOneAtATime(() => 0)
    expect(counted).toBeLessThanOrEqual(6)
    expect(pendingOnly).toBeGreaterThan(counted * 2)
  })
})
