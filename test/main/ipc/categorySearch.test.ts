// categories:search, as the picker calls it: the account's own server is asked with the account's own session; full
// names and names match as the user types them, at most 50; "may create" follows the session's role as Kaltura reports
// it (permission.getCurrentPermissions), and an answer the server would not give is "not known", asked again later.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKalturaTestServer } from '../../kaltura-server/index'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { DEFAULT_ROLES } from '../../kaltura-server/permissions'
import { RawApi } from '../../kaltura-server/rawApi'
import { adminKs } from '../../kaltura-server/freshServer'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { Journal } from '../../../src/main/journal/journal'
import { UploadEngine } from '../../../src/main/engine/engine'
import { silentLogger } from '../../../src/main/logging/logger'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import type { CategorySearch, Result } from '../../../src/shared/ipc-contract'

let dir: string
let server: KalturaTestServer
let journal: Journal
let engine: UploadEngine
let handlers: Handlers
const secrets = new MemorySecretStore()

const roles = [
  ...DEFAULT_ROLES,
  { id: 1002, systemName: 'CATEGORY_EDITOR', permissions: ['CONTENT_MANAGE_EDIT_CATEGORIES', 'CONTENT_MANAGE_BASE'] },
  { id: 1004, systemName: 'INGEST_ONLY', permissions: ['CONTENT_INGEST_UPLOAD'] }
]

async function account(id: string, userId: string, roleId: string | null): Promise<void> {
  const seal = { serviceUrl: server.url, partnerId: server.partnerId, authKind: 'admin-secret' as const }
  journal.saveProfile({ id, name: id, ...seal, userId, appTokenId: null, roleId })
  await secrets.set(id, server.adminSecret, seal)
}

const search = (profileId: string, text: string): Promise<Result<CategorySearch>> => handlers['categories:search']({ profileId, text })
async function found(profileId: string, text: string): Promise<CategorySearch> {
  const result = await search(profileId, text)
  if (!result.ok) throw new Error(`search failed: ${result.message}`)
  return result.value
}
const names = (s: CategorySearch): string[] => s.matches.map((m) => m.fullName)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-categories-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server'), roles })
  journal = openJournal(join(dir, 'journal.db')).journal
  engine = new UploadEngine({ journal, logger: silentLogger, apiFor: async () => Promise.reject(new Error('not used')) })
  handlers = createHandlers({
    journal,
    engine,
    secrets,
    logger: silentLogger,
    dialogs: { pickPaths: async () => null, saveReportPath: async () => null, locateFile: async () => null },
    openExternal: async () => undefined,
    appInfo: () => ({ name: 'test', version: '0', dataDir: dir, journalNotice: null }),
    onProfileChanged: () => undefined
  })
  const admin = new RawApi(server.url, adminKs(server))
  const add = async (name: string, parentId?: number): Promise<number> =>
    Number((await admin.ok('category', 'add', { category: { objectType: 'KalturaCategory', name, ...(parentId ? { parentId } : {}) } })).id)
  const lectures = await add('Lectures')
  const year = await add('2026', lectures)
  await add('Physics', year)
  await add('Physiology')
  const bulk = await add('Bulk')
  for (let i = 0; i < 60; i++) await add(`Part ${String(i).padStart(2, '0')}`, bulk)
  await account('user', 'me', null)
  await account('editor', 'me', 'CATEGORY_EDITOR')
  await account('admin', '', null)
  await account('ingest', 'me', 'INGEST_ONLY')
})

afterAll(async () => {
  await engine.shutdown()
  journal.close()
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('categories:search', () => {
  it('finds full names starting with the text, any case, and own names starting with it ("Phys" finds Lectures>2026>Physics)', async () => {
    expect(names(await found('user', 'lect'))).toEqual(['Lectures', 'Lectures>2026', 'Lectures>2026>Physics'])
    expect(names(await found('user', 'Phys'))).toEqual(['Physiology', 'Lectures>2026>Physics'])
    expect(names(await found('user', 'Lectures>2026>'))).toEqual(['Lectures>2026>Physics'])
  })

  it('answers at most 50, and with no text the first categories by full name', async () => {
    const bulk = await found('user', 'Bulk>')
    expect(bulk.matches).toHaveLength(50)
    expect(names(bulk)[0]).toBe('Bulk>Part 00')
    expect(names(await found('user', ''))).toHaveLength(50)
    expect(names(await found('user', ''))[0]).toBe('Bulk')
  })

  it('says a USER session may not create categories, a role with CONTENT_MANAGE_EDIT_CATEGORIES or an admin session may', async () => {
    expect((await found('user', 'x')).canCreate).toBe(false)
    expect((await found('editor', 'x')).canCreate).toBe(true)
    expect((await found('admin', 'x')).canCreate).toBe(true)
  })

  it('asks only the account\'s own server, with its session, and asks the permissions once per session', async () => {
    const before = server.inspect.requests().length
    await found('editor', 'Lec')
    await found('editor', 'Lect')
    const asked = server.inspect.requests().slice(before)
    expect(asked.filter((r) => r.service === 'category')).toHaveLength(4)
    expect(asked.map((r) => `${r.service}.${r.action}`).filter((a) => a.startsWith('permission'))).toEqual([])
    expect(asked.every((r) => r.service === 'category' || r.service === 'session')).toBe(true)
  })

  it('answers "not known" when the server will not tell the permissions, and asks again on the next search', async () => {
    await account('fresh', 'me', 'CATEGORY_EDITOR')
    server.faults.add({ match: { service: 'permission' }, action: { kind: 'http', status: 502 } })
    expect((await found('fresh', 'Lec')).canCreate).toBeNull()
    expect((await found('fresh', 'Lec')).canCreate).toBe(true)
  })

  it('says plainly when the role may not list categories, and when no secret is kept', async () => {
    expect(await search('ingest', 'Lec')).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('may not list categories') })
    await secrets.delete('user')
    expect(await search('user', 'Lec')).toMatchObject({ ok: false, code: 'no-secret' })
    expect(await search('nobody', 'Lec')).toMatchObject({ ok: false, code: 'not-found' })
  })
})
