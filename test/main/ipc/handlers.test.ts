// Main's IPC handlers, reached as the renderer reaches them: every channel refuses malformed payloads with an
// error value (never a crash), paths must be real, secrets go in but never come back out.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKalturaTestServer } from '../../kaltura-server/index'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { Journal } from '../../../src/main/journal/journal'
import { UploadEngine } from '../../../src/main/engine/engine'
import { silentLogger } from '../../../src/main/logging/logger'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import { REQUEST_CHANNELS, type IpcRequestChannel } from '../../../src/shared/ipc-contract'

let dir: string
let server: KalturaTestServer
let journal: Journal
let engine: UploadEngine
let handlers: Handlers
const secrets = new MemorySecretStore()
const opened: string[] = []
let nextPick: string[] | null = null

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-ipc-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server') })
  journal = openJournal(join(dir, 'journal.db')).journal
  engine = new UploadEngine({ journal, logger: silentLogger, apiFor: async () => Promise.reject(new Error('not used')) })
  handlers = createHandlers({
    journal,
    engine,
    secrets,
    logger: silentLogger,
    dialogs: { pickPaths: async () => nextPick, saveReportPath: async () => join(dir, 'report'), locateFile: async () => null },
    openExternal: async (url) => {
      opened.push(url)
    },
    appInfo: () => ({ name: 'test', version: '0', dataDir: dir, journalNotice: null }),
    onProfileChanged: () => undefined
  })
})
afterAll(async () => {
  await engine.shutdown()
  journal.close()
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const MALFORMED: Record<IpcRequestChannel, unknown[]> = {
  'app:info': [{ extra: 1 }, 'x', 42],
  'profiles:list': [{ a: 1 }, [1]],
  'profiles:save': [null, {}, { name: 'x' },
    { name: 'x', serviceUrl: 'https://x', partnerId: -1, userId: '', authKind: 'admin-secret' },
    { name: 'x', serviceUrl: 'https://x', partnerId: 1, userId: '', authKind: 'password' },
    { name: 'x'.repeat(1000), serviceUrl: 'https://x', partnerId: 1, userId: '', authKind: 'ks' },
    { name: 'x', serviceUrl: 'https://x', partnerId: 1, userId: '', authKind: 'ks', evil: true }],
  'profiles:delete': [null, {}, { id: 5 }, { id: '' }],
  'profiles:test': [null, { name: 1 }, 'https://x'],
  'scan:pick': [null, {}, { kind: 'disk' }, { kind: 'folder', path: '/etc' }],
  'scan:dropped': [null, {}, { paths: '/etc' }, { paths: [1] }, { paths: ['relative/path'] }, { paths: Array.from({ length: 10_001 }, () => '/x') }],
  'scan:cancel': [{ all: true }, 'x'],
  'batch:start': [null, {}, { scanId: 'x', profileId: 'p', metadata: {}, duplicatePolicy: 'maybe' }, { scanId: 'x', profileId: 'p', metadata: { tags: 5 }, duplicatePolicy: 'skip' }],
  'files:list': [{ all: true }],
  'files:pause': [{ ids: 'all' }, { ids: [1.5] }, { ids: [-1] }, 'x'],
  'files:resume': [{ ids: [null] }, [1, 2]],
  'files:cancel': [{ ids: [0] }, null, { ids: 'all' }],
  'files:undoCancel': [{}, { ids: [0] }, null],
  'files:retry': [{ ids: ['1'] }, 7],
  'files:reupload': [{}, { ids: [1.5] }],
  'files:locate': [{}, { id: 0 }, { id: 1, path: '/etc/passwd' }, { path: '/etc/passwd' }],
  'files:remove': [{}, { ids: ['1'] }],
  'files:requeue': [{}, { ids: [-1] }, 'x'],
  'files:clearFinished': [{ x: 1 }],
  'settings:get': ['x'],
  'settings:update': [null, { maxConnections: 0 }, { maxConnections: 1000 }, { maxParallelFiles: 2.5 }, { bandwidthLimit: -5 }, { keepAwake: 'yes' }, { adaptiveConnections: 'false' }, { adaptiveConnections: 0 }, { unknownSetting: 1 },
    { watchFolders: [{ id: 'w', profileId: 'p', stableSeconds: 0, duplicatePolicy: 'skip', metadata: {} }] }, { watchFolders: [{ path: '/etc' }] }],
  'watch:add': [null, {}, { profileId: '' }, { profileId: 'p', path: '/etc' }],
  'report:export': [null, {}, { format: 'xml' }],
  'entry:open': [null, {}, { fileId: 'x' }, { fileId: 0 }, { url: 'https://evil.example' }],
  'files:retryNow': [{ all: true }, 'x'],
  'files:details': [null, {}, { fileId: 'x' }, { fileId: 0 }],
  'files:showInFolder': [null, {}, { path: '/etc' }, { fileId: 1, path: '/etc' }],
  'categories:search': [null, {}, { profileId: 'p' }, { profileId: '', text: 'x' }, { profileId: 'p', text: 5 }, { profileId: 'p', text: 'x'.repeat(2001) }, { profileId: 'p', text: 'x', serviceUrl: 'https://evil.example' }],
  'files:editFields': [null, {}, { fileId: 1 }, { fileId: 0, fields: {} }, { fileId: 1, fields: { title: 5 } }, { fileId: 1, fields: { referenceId: 'abc' } }, { fileId: 1, fields: { description: 'x'.repeat(5001) } }]
}

describe('IPC handlers', () => {
  it('refuse malformed payloads on every channel with an error value, never a crash', async () => {
    expect(Object.keys(MALFORMED).sort()).toEqual([...REQUEST_CHANNELS].sort())
    for (const channel of REQUEST_CHANNELS) {
      for (const payload of MALFORMED[channel]) {
        const result = await handlers[channel](payload)
        expect(result, `${channel} ${JSON.stringify(payload)?.slice(0, 80)}`).toMatchObject({ ok: false, code: 'invalid-payload' })
      }
    }
  })

  it('store a profile secret in the secret store, never in the journal or a reply, and test the connection plainly', async () => {
    const saved = await handlers['profiles:save']({ name: 'Local', serviceUrl: server.url, partnerId: server.partnerId, userId: 'me', authKind: 'admin-secret', secret: server.adminSecret })
    expect(saved).toMatchObject({ ok: true, value: { name: 'Local', hasSecret: true } })
    expect(JSON.stringify(saved)).not.toContain(server.adminSecret)
    const id = saved.ok ? saved.value.id : ''
    expect(await secrets.get(id, { serviceUrl: server.url, partnerId: server.partnerId, authKind: 'admin-secret' })).toBe(server.adminSecret)
    const listed = await handlers['profiles:list'](undefined)
    expect(JSON.stringify(listed)).not.toContain(server.adminSecret)
    const dump = journal.db.prepare('SELECT * FROM profiles').all()
    expect(JSON.stringify(dump)).not.toContain(server.adminSecret)

    expect(await handlers['profiles:test']({ id, name: 'Local', serviceUrl: server.url, partnerId: server.partnerId, userId: 'me', authKind: 'admin-secret' })).toEqual({ ok: true, value: { ok: true } })
    const wrong = await handlers['profiles:test']({ name: 'Local', serviceUrl: server.url, partnerId: server.partnerId, userId: 'me', authKind: 'admin-secret', secret: 'nope-wrong-secret' })
    expect(wrong).toMatchObject({ ok: true, value: { ok: false, problem: 'credentials' } })
    expect(JSON.stringify(wrong)).not.toContain('nope-wrong-secret')
  })

  it('never lets a kept secret follow a changed address, partner or way in, to any server', async () => {
    // A server that records whatever reaches it: the stored secret, or a KS signed with it, must never arrive.
    const captured: string[] = []
    const capture = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString('latin1')))
      req.on('end', () => {
        captured.push(`${req.url ?? ''} ${body}`)
        res.end('{}')
      })
    })
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r))
    const captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`
    try {
      const base = { name: 'Kept', serviceUrl: server.url, partnerId: server.partnerId, userId: 'me', authKind: 'admin-secret' as const }
      const saved = await handlers['profiles:save']({ ...base, secret: server.adminSecret })
      const id = saved.ok ? saved.value.id : ''
      const changes = [
        { serviceUrl: captureUrl },
        { authKind: 'ks' as const },
        { serviceUrl: captureUrl, authKind: 'ks' as const },
        { partnerId: server.partnerId + 1 },
        { authKind: 'app-token' as const, appTokenId: '0_abc' }
      ]
      for (const change of changes) {
        const tested = await handlers['profiles:test']({ ...base, id, ...change })
        expect(tested, JSON.stringify(change)).toMatchObject({ ok: true, value: { ok: false, problem: 'no-secret', message: expect.stringMatching(/again/) } })
        const resaved = await handlers['profiles:save']({ ...base, id, ...change })
        expect(resaved, JSON.stringify(change)).toMatchObject({ ok: false, code: 'secret-required' })
      }
      expect(captured).toEqual([])
      // Nothing changed on the account, and its secret still works where it was entered.
      expect(journal.getProfile(id)).toMatchObject({ serviceUrl: server.url, partnerId: server.partnerId, authKind: 'admin-secret' })
      expect(await handlers['profiles:test']({ ...base, id })).toEqual({ ok: true, value: { ok: true } })
      // Typing the secret again for the new account is the way to move it.
      expect(await handlers['profiles:save']({ ...base, id, serviceUrl: captureUrl, secret: 'a-new-secret' })).toMatchObject({ ok: true })
      expect(await secrets.get(id, { serviceUrl: captureUrl, partnerId: server.partnerId, authKind: 'admin-secret' })).toBe('a-new-secret')
    } finally {
      await new Promise<void>((r) => capture.close(() => r()))
    }
  })

  it('sends sessions only over https, or plain http to this computer', async () => {
    const draft = { name: 'x', partnerId: 1, userId: '', authKind: 'admin-secret' as const, secret: 'some-secret' }
    for (const serviceUrl of ['http://www.kaltura.com', 'ftp://x', 'not a url', 'https://user:pw@www.kaltura.com', 'http://10.0.0.1:8080']) {
      expect(await handlers['profiles:save']({ ...draft, serviceUrl }), serviceUrl).toMatchObject({ ok: false, code: 'invalid-url' })
      expect(await handlers['profiles:test']({ ...draft, serviceUrl }), serviceUrl).toMatchObject({ ok: false, code: 'invalid-url' })
    }
    for (const serviceUrl of ['https://www.kaltura.com/', 'http://127.0.0.1:8765', 'http://localhost:8765', 'http://[::1]:8765']) {
      const saved = await handlers['profiles:save']({ ...draft, serviceUrl })
      expect(saved, serviceUrl).toMatchObject({ ok: true, value: { serviceUrl: serviceUrl.replace(/\/$/, '').replace('localhost', 'localhost') } })
    }
  })

  it('scan only real, absolute paths, and start a batch only from a scan it made', async () => {
    const media = join(dir, 'media')
    await (await import('node:fs/promises')).mkdir(media)
    await writeFile(join(media, 'a.mp4'), 'video bytes')
    await writeFile(join(media, 'b.txt'), 'text')
    expect(await handlers['scan:dropped']({ paths: [join(dir, 'missing')] })).toMatchObject({ ok: false, code: 'not-found' })
    const scanned = await handlers['scan:dropped']({ paths: [media] })
    expect(scanned).toMatchObject({ ok: true, value: { files: 1, totalBytes: 11, byKind: { video: 1 }, skipped: [{ reason: 'not-media' }] } })
    expect(await handlers['batch:start']({ scanId: 'made-up', profileId: 'p', metadata: {}, duplicatePolicy: 'skip' })).toMatchObject({ ok: false, code: 'scan-expired' })
    nextPick = null
    expect(await handlers['scan:pick']({ kind: 'folder' })).toEqual({ ok: true, value: null })
    nextPick = [media]
    expect(await handlers['scan:pick']({ kind: 'folder' })).toMatchObject({ ok: true, value: { files: 1 } })
  })

  it('open only entry URLs main builds, for files that have an entry', async () => {
    expect(await handlers['entry:open']({ fileId: 999 })).toMatchObject({ ok: false, code: 'not-found' })
    expect(opened).toEqual([])
  })

  it('refuse settings where the smallest chunk exceeds the largest, and apply valid ones', async () => {
    expect(await handlers['settings:update']({ minChunkBytes: 50 * 1024 * 1024, maxChunkBytes: 10 * 1024 * 1024 })).toMatchObject({ ok: false, code: 'invalid-settings' })
    expect(await handlers['settings:update']({ maxConnections: 3, bandwidthLimit: null })).toMatchObject({ ok: true, value: { maxConnections: 3, bandwidthLimit: null } })
    expect(journal.settings().maxConnections).toBe(3)
  })

  it('keep adding connections off once saved so, read it back, and refuse anything but true or false', async () => {
    expect(await handlers['settings:get'](undefined)).toMatchObject({ ok: true, value: { adaptiveConnections: true } })
    expect(await handlers['settings:update']({ adaptiveConnections: false })).toMatchObject({ ok: true, value: { adaptiveConnections: false } })
    expect(journal.settings().adaptiveConnections).toBe(false)
    expect(await handlers['settings:get'](undefined)).toMatchObject({ ok: true, value: { adaptiveConnections: false } })
    for (const notBoolean of ['true', 1, null]) {
      expect(await handlers['settings:update']({ adaptiveConnections: notBoolean }), JSON.stringify(notBoolean)).toMatchObject({ ok: false, code: 'invalid-payload' })
    }
    expect(journal.settings().adaptiveConnections).toBe(false)
    expect(await handlers['settings:update']({ adaptiveConnections: true })).toMatchObject({ ok: true, value: { adaptiveConnections: true } })
    expect(journal.settings().adaptiveConnections).toBe(true)
  })

  it('export the report where the user chose', async () => {
    expect(await handlers['report:export']({ format: 'json' })).toEqual({ ok: true, value: { path: join(dir, 'report.json') } })
    expect((await stat(join(dir, 'report.json'))).isFile()).toBe(true)
  })
})
