// The window's path for sheets, captions and mirrored folders, through the real handlers and journal: the summary
// shows what the sheet gives each file and what it refused by line, and Start journals each file's own details
// (mirrored folder, sheet, edit) and its caption files.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import { silentLogger } from '../../../src/main/logging/logger'
import type { ScanSummary } from '../../../src/shared/ipc-contract'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createWorld, type World } from '../engine/engineFixture'

const SRT = '1\n00:00:00,000 --> 00:00:01,000\nHi\n'

let world: World
let handlers: Handlers
let picks: string[][]

beforeEach(async () => {
  world = await createWorld()
  picks = []
  const secrets = new MemorySecretStore()
  const profile = world.journal.getProfile(world.profileId)!
  await secrets.set(profile.id, world.server.adminSecret, profile)
  handlers = createHandlers({
    journal: world.journal,
    // Not started: these stories stop at what Start journals.
    engine: world.engine(),
    secrets,
    logger: silentLogger,
    dialogs: { pickPaths: async () => picks.shift() ?? null, saveReportPath: async () => null, locateFile: async () => null },
    openExternal: async () => undefined,
    appInfo: () => ({ name: 'test', version: '0', dataDir: world.dir, journalNotice: null }),
    onProfileChanged: () => undefined
  })
})
afterEach(async () => world.dispose())

async function put(relativePath: string, content: string): Promise<void> {
  const path = join(world.mediaDir, relativePath)
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, content)
}

async function scanEvent(): Promise<ScanSummary> {
  await world.makeFile('Event/Day 1/keynote.mp4', 2048)
  await world.makeFile('Event/Day 1/panel.mp4', 1024)
  await world.makeFile('Event/Camera A, B/wide.mp4', 512)
  await put('Event/Day 1/keynote.en.srt', SRT)
  await put('Event/Day 1/stray.srt', SRT)
  await put('Event/kaltura-metadata.csv', 'file,title,tags\nDay 1/keynote.mp4,Opening keynote,"keynote, day1"\nDay 1/lunch.mp4,Lunch,\n')
  picks.push([join(world.mediaDir, 'Event')])
  const answer = await handlers['scan:pick']({ kind: 'folder' })
  if (!answer.ok || !answer.value) throw new Error(answer.ok ? 'no scan' : answer.message)
  return answer.value
}

describe('sheets, captions and mirrored folders through the handlers', () => {
  it('shows each sheet with its refused lines, the captions matched and left out, and what the sheet gives each file', async () => {
    const summary = await scanEvent()
    expect(summary.files).toBe(3)
    expect(summary.skipped).toEqual([])
    expect(summary.sheets).toEqual([
      { relativePath: 'Event/kaltura-metadata.csv', applied: 1, problems: [{ line: 3, message: "line 3: the file 'Day 1/lunch.mp4' is not in this folder" }] }
    ])
    expect(summary.captions.matched).toBe(1)
    expect(summary.captions.skipped).toEqual([{ relativePath: 'Event/Day 1/stray.srt', reason: expect.stringMatching(/no video in this folder is named like 'stray\.srt'/) }])
    expect(summary.sample).toEqual([
      { relativePath: 'Event/Camera A, B/wide.mp4', size: 512, fields: {}, captions: [] },
      { relativePath: 'Event/Day 1/keynote.mp4', size: 2048, fields: { title: 'Opening keynote', tags: 'keynote,day1' }, captions: ['English'] },
      { relativePath: 'Event/Day 1/panel.mp4', size: 1024, fields: {}, captions: [] }
    ])
  })

  it('journals at Start each file\'s mirrored folder, sheet values, edit and captions; a folder Kaltura cannot take is a notice', async () => {
    const summary = await scanEvent()
    const answer = await handlers['batch:start']({
      scanId: summary.scanId,
      profileId: world.profileId,
      metadata: { categories: 'Events' },
      duplicatePolicy: 'skip',
      mirrorFoldersUnder: 'Shows>2026',
      edits: [{ relativePath: 'Event/Day 1/panel.mp4', fields: { title: 'Panel: the future', description: 'Edited in the summary' } }]
    })
    expect(answer).toMatchObject({ ok: true, value: { queued: 3 } })
    const row = (name: string) => world.journal.allFiles().find((f) => f.name === name)!
    expect(row('keynote.mp4').entryFields).toEqual({ title: 'Opening keynote', tags: 'keynote,day1', categories: 'Shows>2026>Event>Day 1,Events' })
    expect(row('panel.mp4').entryFields).toEqual({ title: 'Panel: the future', description: 'Edited in the summary', categories: 'Shows>2026>Event>Day 1,Events' })
    expect(row('wide.mp4').entryFields).toBeNull()
    expect(row('wide.mp4').notice).toBe('Not put in a category for its folder: The folder "Camera A, B" cannot be a category name: Kaltura does not allow "," in a category name (it would change it to "_").')
    expect(world.journal.captions.of(row('keynote.mp4').id).map((c) => [c.path, c.language, c.format, c.state])).toEqual([
      [join(world.mediaDir, 'Event/Day 1/keynote.en.srt'), 'English', 'SRT', 'pending']
    ])
    expect(world.journal.captions.of(row('panel.mp4').id)).toEqual([])
  })

  it('refuses a parent category Kaltura would rename and an edited title over 256 bytes, keeping the scan for a second try', async () => {
    const summary = await scanEvent()
    const start = (extra: object) => handlers['batch:start']({ scanId: summary.scanId, profileId: world.profileId, metadata: {}, duplicatePolicy: 'skip', ...extra })
    expect(await start({ mirrorFoldersUnder: 'Shows, 2026' })).toMatchObject({ ok: false, code: 'invalid-choices', message: expect.stringMatching(/The parent category "Shows, 2026" cannot be used/) })
    expect(await start({ edits: [{ relativePath: 'Event/Day 1/panel.mp4', fields: { title: 'é'.repeat(129) } }] })).toMatchObject({ ok: false, code: 'invalid-choices', message: expect.stringMatching(/258 bytes long/) })
    expect(await start({ edits: [{ relativePath: 'Event/Day 1/panel.mp4', fields: { title: 'x', owner: 'someone' } }] })).toMatchObject({ ok: false, code: 'invalid-payload' })
    expect(world.journal.allFiles()).toEqual([])
    expect(await start({ mirrorFoldersUnder: '' })).toMatchObject({ ok: true, value: { queued: 3 } })
  })
})
