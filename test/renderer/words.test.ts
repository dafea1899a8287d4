// Counts and counting words as the window and the terminal print them.
import { describe, expect, it } from 'vitest'
import { formatCount } from '../../src/shared/format'
import { plural } from '../../src/renderer/src/words'

describe('formatCount', () => {
  it('groups thousands with commas, the way en-US does', () => {
    for (const n of [0, 7, 999, 1000, 10_000, 123_456, 1_000_000, 98_765_432_101, -1234]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'))
    }
  })
})

describe('plural', () => {
  it('says 1 file, 0 files and 10,000 files', () => {
    expect(plural(1, 'file', 'files')).toBe('1 file')
    expect(plural(0, 'file', 'files')).toBe('0 files')
    expect(plural(10_000, 'file', 'files')).toBe('10,000 files')
  })
})
