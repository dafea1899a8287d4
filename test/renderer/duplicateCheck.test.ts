// The scan summary's duplicate check in the window: "Checking for duplicates… n of N" while main reads the files,
// then "Checked N files", the duplicates filled in from the latest event, and an event that arrives before its
// summary kept for it.
import { beforeEach, describe, expect, it } from 'vitest'
import type { ScanDuplicates, ScanDuplicatesFound, ScanSummary } from '../../src/shared/ipc-contract'
import { duplicateCheckText, duplicatesTotal, withDuplicateCheck } from '../../src/renderer/src/scanSummaryText'
import { INITIAL_STATE, useUploaderStore } from '../../src/renderer/src/store/appStore'

const none = { count: 0, examples: [] }
const NO_DUPLICATES: ScanDuplicates = { uploaded: none, queued: none, inBatch: none }
const summary: ScanSummary = {
  scanId: 'scan-1',
  files: 10_000,
  totalBytes: 1,
  byKind: { video: 10_000 },
  sample: [],
  skipped: [],
  stoppedEarly: null,
  duplicates: NO_DUPLICATES,
  duplicateCheck: { checked: 0, total: 10_000 },
  sheets: [],
  captions: { matched: 0, skipped: [] },
  folders: []
}
const copies: ScanDuplicates = { ...NO_DUPLICATES, inBatch: { count: 2, examples: [{ relativePath: 'b.mp4', of: 'a.mp4' }] } }
const event = (patch: Partial<ScanDuplicatesFound>): ScanDuplicatesFound => ({ scanId: 'scan-1', checked: 1200, total: 10_000, done: false, duplicates: copies, ...patch })

beforeEach(() => useUploaderStore.setState(INITIAL_STATE))

describe('the duplicate check in the scan summary', () => {
  it('says how far it got while main reads, then that it is done, with the duplicates found', () => {
    expect(duplicateCheckText(summary)).toBe('Checking for duplicates… 0 of 10,000')
    const under = withDuplicateCheck(summary, event({}))
    expect(duplicateCheckText(under)).toBe('Checking for duplicates… 1,200 of 10,000')
    expect(duplicatesTotal(under.duplicates)).toBe(2)
    // Done, the line stays (saying so): the Start button below it does not jump.
    const done = withDuplicateCheck(summary, event({ checked: 10_000, done: true }))
    expect(duplicateCheckText(done)).toBe('Checked 10,000 files for duplicates.')
    expect(done.duplicates).toBe(copies)
    // A summary whose files were all known needed no check, and says nothing of one.
    const { duplicateCheck: _none, ...allKnown } = summary
    expect(duplicateCheckText(allKnown)).toBeNull()
  })

  it("ignores another scan's event", () => {
    expect(withDuplicateCheck(summary, event({ scanId: 'scan-0' }))).toBe(summary)
  })

  it('keeps the latest event of each of the last few scans, even one that came before its summary', () => {
    const store = useUploaderStore.getState()
    store.duplicatesFound(event({ checked: 10 }))
    store.duplicatesFound(event({ checked: 20 }))
    expect(useUploaderStore.getState().duplicateChecks['scan-1']!.checked).toBe(20)
    for (let i = 0; i < 4; i++) store.duplicatesFound(event({ scanId: `other-${i}` }))
    expect(Object.keys(useUploaderStore.getState().duplicateChecks)).toEqual(['other-0', 'other-1', 'other-2', 'other-3'])
  })
})
