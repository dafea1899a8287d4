// The row actions reached as the window reaches them: Locate opens main's own picker only where the rule allows
// it and uploads the file the picker named; every refusal comes back with its reason; a removed file is announced
// to the window as an event.
import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import { forwardEngineEvents } from '../../../src/main/ipc/engineEvents'
import type { UploadEngine } from '../../../src/main/engine/engine'
import { silentLogger } from '../../../src/main/logging/logger'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createWorld, untilIdle, type World } from '../engine/engineFixture'

let world: World
let engine: UploadEngine
let handlers: Handlers
let asked: string[]
let answers: Array<string | null>
let events: Array<{ channel: string; payload: unknown }>

beforeEach(async () => {
  world = await createWorld()
  engine = world.engine()
  asked = []
  answers = []
  events = []
  handlers = createHandlers({
    journal: world.journal,
    engine,
    secrets: new MemorySecretStore(),
    logger: silentLogger,
    dialogs: {
      pickPaths: async () => null,
      saveReportPath: async () => null,
      locateFile: async (name) => {
        asked.push(name)
        return answers.shift() ?? null
      }
    },
    openExternal: async () => undefined,
    appInfo: () => ({ name: 'test', version: '0', dataDir: world.dir, journalNotice: null }),
    onProfileChanged: () => undefined
  })
  forwardEngineEvents(engine, (channel, payload) => events.push({ channel, payload }))
  engine.start()
})
afterEach(async () => world.dispose())

async function missingFile(name: string): Promise<{ id: number; movedTo: string }> {
  const path = await world.makeFile(name, 300 * 1024)
  const [id] = await world.enqueue([path])
  const movedTo = join(world.mediaDir, `moved-${name}`)
  await rename(path, movedTo)
  engine.add([id!])
  await untilIdle(engine)
  return { id: id!, movedTo }
}

describe('files:locate', () => {
  it("asks main's picker where a missing file is, and uploads the file it names", async () => {
    const { id, movedTo } = await missingFile('a.mp4')
    expect(await handlers['files:retry']({ ids: [id] })).toEqual({ ok: true, value: { done: 0, refused: [{ reason: expect.stringMatching(/Locate/), count: 1 }] } })

    // The user closes the picker: nothing happens and there is nothing to explain.
    expect(await handlers['files:locate']({ id })).toEqual({ ok: true, value: { done: 0, refused: [] } })
    answers.push(movedTo)
    expect(await handlers['files:locate']({ id })).toEqual({ ok: true, value: { done: 1, refused: [] } })
    expect(asked).toEqual(['a.mp4', 'a.mp4'])
    await untilIdle(engine)
    expect(world.journal.getFile(id)).toMatchObject({ state: 'done', path: movedTo })

    // Now the file is fine: Locate is refused with the reason, and no picker opens for nothing.
    expect(await handlers['files:locate']({ id })).toEqual({ ok: true, value: { done: 0, refused: [{ reason: expect.stringMatching(/Only a failed file/), count: 1 }] } })
    expect(await handlers['files:locate']({ id: 999_999 })).toEqual({ ok: true, value: { done: 0, refused: [{ reason: 'It is no longer in the list.', count: 1 }] } })
    expect(asked).toHaveLength(2)
  })

  it('never takes a path from the window: the payload names the file, only the picker names a path', async () => {
    const { id } = await missingFile('b.mp4')
    expect(await handlers['files:locate']({ id, path: '/etc/passwd' })).toMatchObject({ ok: false, code: 'invalid-payload' })
    expect(asked).toEqual([])
  })
})

describe('files:remove', () => {
  it('takes a failed file out of the list and tells the window which files left', async () => {
    const { id } = await missingFile('c.mp4')
    expect(await handlers['files:remove']({ ids: [id] })).toEqual({ ok: true, value: { done: 1, refused: [] } })
    expect(events.filter((e) => e.channel === 'files:removed')).toEqual([{ channel: 'files:removed', payload: { ids: [id] } }])
    const list = await handlers['files:list'](undefined)
    expect(list.ok && list.value.files.map((f) => f.id)).toEqual([])
  })
})
