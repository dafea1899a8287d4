// Adaptive parallelism's rule, on simulated links: a lossy link where each connection has its own pace (more
// connections move more), a clean link whose rate all connections share (more move nothing more), idle connections,
// a busy server and the setting switched off. Time is the test's: every figure is exact.
import { describe, expect, it } from 'vitest'
import { pieceBytesFor } from '../../../src/main/engine/adaptiveConnections'
import { ConnectionTuner } from '../../../src/main/engine/connectionTuner'
import { ADAPTIVE_CONNECTIONS_CEILING } from '../../../src/shared/settingsBounds'

const TICK_MS = 250

/** What a link moves per second with `n` connections busy. */
type Link = (n: number) => number
const lossy = (perConnection: number, line = Infinity): Link => (n) => Math.min(line, n * perConnection)
const clean = (line: number): Link => () => line

interface Sim {
  tuner: ConnectionTuner
  now: number
  settings: { start: number; enabled: boolean }
}

function sim(start: number, enabled = true): Sim {
  const settings = { start, enabled }
  return { tuner: new ConnectionTuner({ start: () => settings.start, enabled: () => settings.enabled }, 0), now: 0, settings }
}

/** Runs the link for `seconds`; returns the connections in use at each second's end. */
function run(s: Sim, link: Link, seconds: number, reading = { saturated: true, backingOff: false }): number[] {
  const perSecond: number[] = []
  for (let t = 0; t < (seconds * 1000) / TICK_MS; t++) {
    s.tuner.sent((link(s.tuner.connections) * TICK_MS) / 1000)
    s.now += TICK_MS
    s.tuner.tick(s.now, reading)
    if ((s.now % 1000) === 0) perSecond.push(s.tuner.connections)
  }
  return perSecond
}

describe('adaptive connections', () => {
  it('on a lossy link, doubles the connections while each step moves clearly more, up to the ceiling', () => {
    const s = sim(6)
    // 0.23 MB/s per connection: a CUBIC flow at 1 % loss and 80 ms; a 100 Mbit/s line.
    const counts = run(s, lossy(230_000, 12_500_000), 20)
    // Warm up 2 s, measure 2 s, try 12: settle 2 s, judge 2 s; kept, try 24; kept, try 48; kept, try 64 (the ceiling).
    expect(counts.slice(0, 3)).toEqual([6, 6, 6])
    expect(counts.slice(3, 7)).toEqual([12, 12, 12, 12])
    expect(counts.slice(7, 11)).toEqual([24, 24, 24, 24])
    expect(counts[11]).toBe(48)
    expect(counts.at(-1)).toBe(ADAPTIVE_CONNECTIONS_CEILING)
    expect(Math.max(...counts)).toBe(ADAPTIVE_CONNECTIONS_CEILING)
  })

  it('on a clean link, undoes a step that moved nothing more, and asks again ever less often', () => {
    const s = sim(6)
    const counts = run(s, clean(12_000_000), 100)
    // Each try: 2 s to settle and 2 s to judge; then 10 s, 20 s, 40 s held before measuring for the next.
    const tried = counts.flatMap((n, i) => (n === 12 ? [i + 1] : []))
    expect(tried).toEqual([4, 5, 6, 7, 20, 21, 22, 23, 46, 47, 48, 49, 92, 93, 94, 95])
    expect(new Set(counts)).toEqual(new Set([6, 12]))
  })

  it('a link that turns clean gives the extra connections back, one that stays lossy keeps them', () => {
    const s = sim(4)
    run(s, lossy(100_000), 20)
    const high = s.tuner.connections
    expect(high).toBe(ADAPTIVE_CONNECTIONS_CEILING)
    // The three minutes' hold after the ceiling paid end; half as many move as much on a clean line: kept.
    const after = run(s, clean(5_000_000), 200)
    expect(after.at(-1)).toBe(ADAPTIVE_CONNECTIONS_CEILING / 2)
    const lossyAgain = sim(4)
    run(lossyAgain, lossy(100_000), 20)
    const kept = run(lossyAgain, lossy(100_000), 200)
    // Half would move half: undone at once, and the count stays.
    expect(kept.filter((n) => n < ADAPTIVE_CONNECTIONS_CEILING).length).toBeLessThanOrEqual(4)
    expect(kept.at(-1)).toBe(ADAPTIVE_CONNECTIONS_CEILING)
  })

  it('does not take the bytes that fill new sockets\' buffers for the link\'s pace', () => {
    const s = sim(6)
    // The first quarter second hands the sockets 6 MB that the link carries over the next seconds.
    s.tuner.sent(6_000_000)
    expect(run(s, lossy(230_000), 12).at(-1)).toBe(48)
  })

  it('tries no more where each connection already moves 32 MB/s: the machine, not the link, sets that pace', () => {
    const s = sim(6)
    expect(new Set(run(s, lossy(40_000_000), 120))).toEqual(new Set([6]))
  })

  it('judges nothing while connections sit idle: a file\'s last chunks, small files between calls', () => {
    const s = sim(6)
    expect(run(s, lossy(230_000), 30, { saturated: false, backingOff: false })).toEqual(new Array(30).fill(6))
  })

  it('a busy server sends it back to the setting, and it stays there for five minutes', () => {
    const s = sim(6)
    run(s, lossy(230_000), 8)
    expect(s.tuner.connections).toBeGreaterThan(6)
    run(s, lossy(230_000), 1, { saturated: true, backingOff: true })
    expect(s.tuner.connections).toBe(6)
    expect(Math.max(...run(s, lossy(230_000), 290))).toBe(6)
    expect(Math.max(...run(s, lossy(230_000), 20))).toBeGreaterThan(6)
  })

  it('switched off, it is the setting exactly, and a changed setting starts it again from there', () => {
    const s = sim(6, false)
    expect(Math.max(...run(s, lossy(230_000), 20))).toBe(6)
    s.settings.enabled = true
    s.settings.start = 3
    s.tuner.reset(s.now)
    const counts = run(s, lossy(230_000), 8)
    expect(counts[0]).toBe(3)
    expect(counts.at(-1)).toBe(12)
  })

  it('a user figure above the ceiling is kept, and never tuned below', () => {
    const s = sim(ADAPTIVE_CONNECTIONS_CEILING + 4)
    expect(new Set(run(s, clean(12_000_000), 80))).toEqual(new Set([ADAPTIVE_CONNECTIONS_CEILING + 4]))
  })

  it('on a long round trip the windows are 25 round trips long', () => {
    const s = sim(6)
    s.tuner.roundTrip(0.3)
    const counts = run(s, lossy(230_000), 16)
    // 7.5 s of warm-up and 7.5 s to measure before the first step.
    expect(counts.slice(0, 14)).toEqual(new Array(14).fill(6))
    expect(counts[14]).toBe(12)
  })
})

describe('pieces handed to a connection', () => {
  it('last about a quarter second of its pace, between 64 KiB and 1 MiB, and share 8 MiB among many connections', () => {
    const KiB = 1024
    expect(pieceBytesFor(0, 6)).toBe(256 * KiB)
    expect(pieceBytesFor(200_000, 6)).toBe(64 * KiB)
    expect(pieceBytesFor(1_000_000, 6)).toBe(192 * KiB)
    expect(pieceBytesFor(50_000_000, 6)).toBe(1024 * KiB)
    expect(pieceBytesFor(50_000_000, 12)).toBe(640 * KiB)
    expect(pieceBytesFor(50_000_000, 64)).toBe(128 * KiB)
    expect(pieceBytesFor(200_000, 64)).toBe(64 * KiB)
  })
})
