// The account's chunk limit as the journal keeps it: the largest size taken, the smallest refused, and what a later
// contradicting answer does to each.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Journal } from '../../../src/main/journal/journal'
import { MIGRATIONS, migrate } from '../../../src/main/journal/migrations'

function memoryJournal(): Journal {
  const db = new Database(':memory:')
  migrate(db)
  return new Journal(db)
}

describe('chunk limits in the journal', () => {
  it('migration 5 adds the table to a version-4 journal and nothing else', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.filter((m) => m.version <= 4))
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 5))).toEqual([5])
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'chunk_limits'").get()).toBeDefined()
  })

  it('keeps, per account, the largest size taken and the smallest refused', () => {
    const journal = memoryJournal()
    expect(journal.chunkLimits.of('a')).toEqual({ largestAccepted: null, smallestRefused: null })
    journal.chunkLimits.recordRefused('a', 5_000_000)
    journal.chunkLimits.recordAccepted('a', 2_000_000)
    journal.chunkLimits.recordAccepted('a', 1_000_000)
    journal.chunkLimits.recordRefused('a', 6_000_000)
    expect(journal.chunkLimits.of('a')).toEqual({ largestAccepted: 2_000_000, smallestRefused: 5_000_000 })
    expect(journal.chunkLimits.of('b')).toEqual({ largestAccepted: null, smallestRefused: null })
  })

  it('forgets a refusal once a size at or above it is taken (the limit went up), and a success at or above a new refusal (it went down)', () => {
    const journal = memoryJournal()
    journal.chunkLimits.recordRefused('a', 5_000_000)
    journal.chunkLimits.recordAccepted('a', 5_000_000)
    expect(journal.chunkLimits.of('a')).toEqual({ largestAccepted: 5_000_000, smallestRefused: null })
    journal.chunkLimits.recordRefused('a', 3_000_000)
    expect(journal.chunkLimits.of('a')).toEqual({ largestAccepted: null, smallestRefused: 3_000_000 })
  })
})
