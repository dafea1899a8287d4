// A watched folder's metadata sheet and caption files apply as a drop's do: each watched video goes up with its own
// details and captions. A sheet with a refused line holds back the files below it (the poll says why) until the sheet
// is fixed, so no file goes up without the details meant for it. Driven by the watcher's own poll events.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchFolderIntoJournal, type WatchIntake } from '../../../src/main/intake/watchIntake'
import type { FolderWatcher, WatchPoll } from '../../../src/main/intake/watchFolder'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import { createWorld, untilIdle, type World } from '../engine/engineFixture'
import { expectCleanEnd } from '../engine/storyEnd'

const SRT = '1\n00:00:00,000 --> 00:00:02,000\nWelcome\n'

let world: World | null = null
let watcher: FolderWatcher | null = null
afterEach(async () => {
  await watcher?.stop()
  watcher = null
  await world?.dispose()
  world = null
})

describe('a watched folder with a metadata sheet and captions', () => {
  it('gives each watched video its sheet details and captions, and holds files below a refused sheet until it is fixed', async () => {
    world = await createWorld()
    const w = world
    const folder = join(w.mediaDir, 'incoming')
    mkdirSync(join(folder, 'week1'), { recursive: true })
    const talk = await w.makeFile('incoming/week1/talk.mp4', 200 * 1024)
    writeFileSync(join(folder, 'week1', 'talk.en.srt'), SRT)
    const sheet = join(folder, 'kaltura-metadata.csv')
    // A title over 256 bytes refuses the line: talk.mp4 must wait, not go up with the folder's details.
    writeFileSync(sheet, ['file,title,tags', `week1/talk.mp4,${'Ω'.repeat(150)},sheet-tag`].join('\n'))

    // An ADMIN KS (empty user id): a USER KS may not add captions (CAPTION_MODIFY).
    const profile = { id: w.profileId, name: 'Test', serviceUrl: w.server.url, partnerId: w.server.partnerId, userId: '', authKind: 'admin-secret' as const }
    const engine = w.engine({ apiFor: async () => clientForProfile(profile, w.server.adminSecret) })
    engine.start()
    const polls: WatchPoll[] = []
    const taken: WatchIntake[] = []
    let fixed = false
    let resolveDone: () => void = () => {}
    const done = new Promise<void>((resolve) => (resolveDone = resolve))
    watcher = watchFolderIntoJournal({
      journal: w.journal,
      target: { folder, profileId: w.profileId, metadata: { tags: 'watched' }, duplicatePolicy: 'skip' },
      stableMs: 100,
      pollMs: 20,
      onTaken: (intake) => {
        taken.push(intake)
        engine.add([...intake.fileIds, ...intake.known])
        if (intake.fileIds.length > 0) resolveDone()
      },
      onPoll: (report) => {
        polls.push(report)
        // Fixed only after a poll has said why the file waits.
        if (!fixed && report.problem?.includes('line 2')) {
          fixed = true
          writeFileSync(sheet, ['file,title,tags', 'week1/talk.mp4,Talk one,sheet-tag'].join('\n'))
        }
      },
      onError: (err) => {
        throw err
      }
    })
    await done
    await untilIdle(engine)

    const held = polls.find((p) => p.problem !== null)!
    expect(held.problem).toMatch(/1 file\(s\) wait until the metadata sheet is fixed: .*kaltura-metadata\.csv: line 2: /)
    expect(taken.flatMap((t) => t.fileIds)).toHaveLength(1)
    const row = w.journal.allFiles().find((f) => f.path === talk)!
    expect(row.entryFields).toMatchObject({ title: 'Talk one', tags: 'sheet-tag' })
    const entry = w.server.inspect.entry(row.entryId!)!
    expect(entry.name).toBe('Talk one')
    expect(w.journal.captions.of(row.id).map((c) => [c.language, c.state, c.message])).toEqual([['English', 'done', null]])
    await expectCleanEnd(w, [talk])
  })
})
