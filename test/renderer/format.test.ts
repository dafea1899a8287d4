// Sizes, speeds and time left as a person reads them, in the window and the terminal alike.
import { describe, expect, it } from 'vitest'
import { formatBytes, formatSpeed, formatTimeLeft } from '../../src/shared/format'

describe('speed', () => {
  it('never shows a fraction of a byte', () => {
    expect(formatSpeed(10.45944029805688)).toBe('10 B/s')
    expect(formatBytes(999.6)).toBe('1000 B')
    expect(formatSpeed(1_300_000)).toBe('1.3 MB/s')
  })
  it('shows a dash for no speed, under a byte a second, or not yet measured', () => {
    expect(formatSpeed(null)).toBe('—')
    expect(formatSpeed(0)).toBe('—')
    expect(formatSpeed(0.4)).toBe('—')
  })
})

describe('time left', () => {
  it('rounds more coarsely the further away it is', () => {
    expect(formatTimeLeft(0)).toBe('less than a minute')
    expect(formatTimeLeft(59)).toBe('less than a minute')
    expect(formatTimeLeft(61)).toBe('about 2 min')
    expect(formatTimeLeft(9 * 60)).toBe('about 9 min')
    expect(formatTimeLeft(13 * 60)).toBe('about 15 min')
    expect(formatTimeLeft(41 * 60)).toBe('about 40 min')
    expect(formatTimeLeft(56 * 60)).toBe('about 1 h')
    expect(formatTimeLeft(100 * 60)).toBe('about 1 h 30 min')
    expect(formatTimeLeft(3 * 3600 + 17 * 60)).toBe('about 3 h 30 min')
    expect(formatTimeLeft(3 * 3600 + 5 * 60)).toBe('about 3 h')
    expect(formatTimeLeft(20.4 * 3600)).toBe('about 20 h')
    expect(formatTimeLeft(445 * 3600)).toBe('about 19 days')
  })
  it('shows a dash when unknown', () => {
    expect(formatTimeLeft(null)).toBe('—')
    expect(formatTimeLeft(Number.POSITIVE_INFINITY)).toBe('—')
  })
})
