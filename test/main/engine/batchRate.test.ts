// The batch's speed on a fake clock: the figure a stopwatch would give, gaps between files counted, and an outage
// that says "waiting" instead of a speed falling towards zero.
import { describe, expect, it } from 'vitest'
import { BatchRate } from '../../../src/main/engine/batchRate'

const MB = 1_000_000

function clocked(): { rate: BatchRate; advance(ms: number): void } {
  let now = 1_000_000
  const rate = new BatchRate(() => now)
  return { rate, advance: (ms) => (now += ms) }
}

describe('batch speed', () => {
  it('at a steady 1.3 MB/s in chunks reads 1.3 MB/s, not a sum of per-file guesses', () => {
    const { rate, advance } = clocked()
    rate.setActive(true)
    for (let i = 0; i < 60; i++) {
      advance(2000)
      rate.confirmed(2.6 * MB)
    }
    const r = rate.reading()
    expect(r.flow).toBe('moving')
    expect(r.speed! / MB).toBeCloseTo(1.3, 2)
  })

  it('counts the gaps between files: 1 s of sending then 1 s of entry creation reads half the link speed', () => {
    const { rate, advance } = clocked()
    rate.setActive(true)
    for (let i = 0; i < 30; i++) {
      advance(1000)
      rate.confirmed(2 * MB) // a small file's only chunk
      advance(1000) // token, media.add, addContent: nothing confirmed
    }
    expect(rate.reading().speed! / MB).toBeCloseTo(1, 1)
  })

  it('measures from the start while younger than the window, and gives no figure for the first seconds', () => {
    const { rate, advance } = clocked()
    rate.setActive(true)
    advance(1000)
    rate.confirmed(MB)
    expect(rate.reading().speed).toBeNull()
    advance(3000)
    rate.confirmed(MB)
    expect(rate.reading().speed! / MB).toBeCloseTo(0.5, 5)
  })

  it('in an outage says waiting once nothing was confirmed for a while, and moving again once bytes return', () => {
    const { rate, advance } = clocked()
    rate.setActive(true)
    for (let i = 0; i < 15; i++) {
      advance(2000)
      rate.confirmed(2 * MB)
    }
    advance(10_000)
    expect(rate.reading().flow).toBe('moving')
    advance(11_000)
    expect(rate.reading().flow).toBe('waiting')
    advance(60_000)
    expect(rate.reading()).toEqual({ speed: 0, flow: 'waiting' })
    rate.confirmed(2 * MB)
    const back = rate.reading()
    expect(back.flow).toBe('moving')
    // One chunk over the whole window: low at first, honest about the outage just past.
    expect(back.speed! / MB).toBeCloseTo(2 / 30, 3)
  })

  it('says waiting at once when every running file cannot reach the server', () => {
    const { rate, advance } = clocked()
    rate.setActive(true)
    advance(1000)
    rate.confirmed(MB)
    expect(rate.reading(true).flow).toBe('waiting')
    expect(rate.reading(false).flow).toBe('moving')
  })

  it('after a pause starts measuring again from the resume, so the pause does not read as slowness', () => {
    const { rate, advance } = clocked()
    rate.setActive(true)
    for (let i = 0; i < 10; i++) {
      advance(1000)
      rate.confirmed(MB)
    }
    rate.setActive(false)
    expect(rate.reading()).toEqual({ speed: null, flow: 'idle' })
    advance(120_000)
    rate.setActive(true)
    for (let i = 0; i < 10; i++) {
      advance(1000)
      rate.confirmed(3 * MB)
    }
    expect(rate.reading()).toEqual({ speed: 3 * MB, flow: 'moving' })
  })
})
