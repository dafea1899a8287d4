// The one table of setting limits that main's IPC guard, the settings form and the headless command share.
import { describe, expect, it } from 'vitest'
import { chunkSizesInOrder, isWithin, SETTINGS_BOUNDS } from '../../../src/shared/settingsBounds'
import { DEFAULT_SETTINGS } from '../../../src/shared/uploads'

describe('settings bounds', () => {
  it('include both ends of a range and nothing beyond them', () => {
    const { min, max } = SETTINGS_BOUNDS.maxConnections
    expect([min - 1, min, max, max + 1].map((n) => isWithin(n, SETTINGS_BOUNDS.maxConnections))).toEqual([false, true, true, false])
  })

  it('hold the limits the app has always enforced', () => {
    expect(SETTINGS_BOUNDS).toEqual({
      maxParallelFiles: { min: 1, max: 16 },
      maxConnections: { min: 1, max: 32 },
      minChunkBytes: { min: 256 * 1024, max: 2000 * 1024 * 1024 },
      maxChunkBytes: { min: 256 * 1024, max: 2000 * 1024 * 1024 },
      targetChunkSeconds: { min: 1, max: 120 },
      bandwidthLimit: { min: 16 * 1024, max: 100 * 1024 * 1024 * 1024 }
    })
  })

  it('accept the default settings, so a fresh install never starts outside its own limits', () => {
    const defaults = new Map<string, unknown>(Object.entries(DEFAULT_SETTINGS))
    for (const [key, range] of Object.entries(SETTINGS_BOUNDS)) {
      const value = defaults.get(key)
      // A null bandwidth limit is no limit: it has no range to fall in.
      if (value !== null) expect(typeof value === 'number' && isWithin(value, range), key).toBe(true)
    }
    expect(chunkSizesInOrder(DEFAULT_SETTINGS)).toBe(true)
  })

  it('let the smallest chunk equal the largest, but not exceed it', () => {
    expect(chunkSizesInOrder({ minChunkBytes: 4 * 1024 * 1024, maxChunkBytes: 4 * 1024 * 1024 })).toBe(true)
    expect(chunkSizesInOrder({ minChunkBytes: 4 * 1024 * 1024 + 1, maxChunkBytes: 4 * 1024 * 1024 })).toBe(false)
  })
})
