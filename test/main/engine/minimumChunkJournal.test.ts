// The account's minimum chunk size as the journal keeps it (chunk_limits.smallest_needed, the last migration).
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Journal } from '../../../src/main/journal/journal'
import { MIGRATIONS, migrate } from '../../../src/main/journal/migrations'

describe('the minimum in the journal', () => {
  it('the last migration adds the column to a journal without it; the minimum is kept per account and only rises', () => {
    const db = new Database(':memory:')
    const last = MIGRATIONS.at(-1)!
    migrate(db, MIGRATIONS.filter((m) => m.version < last.version))
    expect(migrate(db)).toEqual([last.version])
    const journal = new Journal(db)
    expect(journal.chunkLimits.smallestNeeded('a')).toBeNull()
    journal.chunkLimits.recordRefused('a', 8_000_000)
    journal.chunkLimits.recordNeeded('a', 2_000_000)
    journal.chunkLimits.recordNeeded('a', 1_000_000)
    expect(journal.chunkLimits.smallestNeeded('a')).toBe(2_000_000)
    expect(journal.chunkLimits.of('a')).toEqual({ largestAccepted: null, smallestRefused: 8_000_000 })
    expect(journal.chunkLimits.smallestNeeded('b')).toBeNull()
  })
})
