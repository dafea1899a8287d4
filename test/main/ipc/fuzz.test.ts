// Every IPC channel under seeded hostile payloads, with a kept secret to steal and capture servers listening for it.
import { mkdir, mkdtemp, rm, symlink, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKalturaTestServer } from '../../kaltura-server/index'
import type { KalturaTestServer } from '../../kaltura-server/api'
import { openJournal } from '../../../src/main/journal/openJournal'
import type { Journal } from '../../../src/main/journal/journal'
import { UploadEngine } from '../../../src/main/engine/engine'
import { silentLogger } from '../../../src/main/logging/logger'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import { createHandlers, type Handlers } from '../../../src/main/ipc/handlers'
import { REQUEST_CHANNELS, type IpcRequestChannel, type Result } from '../../../src/shared/ipc-contract'
import { AUTH_KINDS } from '../../../src/shared/accounts'
import { MemorySecretStore } from '../accounts/memorySecretStore'
import { captureServer, type CaptureServer } from './captureServer'
import { accessorRuns, channelSeed, hostilePayload, Prng, type HostilePayload } from './hostilePayloads'
import { channelShapes, fixedPayloads, type FuzzTargets } from './fuzzShapes'

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_250_611)
const PER_CHANNEL = 400
// Concurrent calls find what sequential ones cannot: a check and its use split by an await.
const BURST = 50
const CALL_TIMEOUT_MS = 10_000
// A KS v2 is base64 of "v2|": any reply carrying one would hand the renderer a session.
const KS_PREFIX = 'djJ8'

let dir: string
let server: KalturaTestServer
let journal: Journal
let engine: UploadEngine
let handlers: Handlers
let captureA: CaptureServer
let captureB: CaptureServer
let realId: string
let realDraft: { name: string; serviceUrl: string; partnerId: number; userId: string; authKind: 'admin-secret' }
const secrets = new MemorySecretStore()
const opened: string[] = []
/** Scans the fuzz made that found nothing: real ids for batch:start, harmless to queue. */
const emptyScanIds: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-fuzz-'))
  server = await startKalturaTestServer({ dataDir: join(dir, 'server') })
  captureA = await captureServer()
  captureB = await captureServer()
  journal = openJournal(join(dir, 'journal.db')).journal
  // The app's own way from a profile to a client, so a batch would sign with the kept secret for the saved address.
  engine = new UploadEngine({
    journal,
    logger: silentLogger,
    apiFor: async (profileId) => {
      const profile = journal.getProfile(profileId)
      const secret = profile ? await secrets.get(profileId, profile) : null
      if (!profile || !secret) throw new Error('no account')
      return clientForProfile(profile, secret)
    }
  })
  handlers = createHandlers({
    journal,
    engine,
    secrets,
    logger: silentLogger,
    dialogs: { pickPaths: async () => null, saveReportPath: async () => join(dir, 'report'), locateFile: async () => null },
    openExternal: async (url) => void opened.push(url),
    appInfo: () => ({ name: 'fuzz', version: '0', dataDir: dir, journalNotice: null }),
    onProfileChanged: () => undefined
  })
  await mkdir(join(dir, 'tree', 'inner'), { recursive: true })
  await writeFile(join(dir, 'tree', 'notes.txt'), 'not media')
  await symlink('/etc', join(dir, 'etc-link'))
  await symlink(join(dir, 'loop-b'), join(dir, 'loop-a'))
  await symlink(join(dir, 'loop-a'), join(dir, 'loop-b'))
  await symlink(join(dir, 'nowhere'), join(dir, 'broken'))
  await mkdir(join(dir, 'locked'))
  await chmod(join(dir, 'locked'), 0o000)

  realDraft = { name: 'Real', serviceUrl: server.url, partnerId: server.partnerId, userId: 'me', authKind: 'admin-secret' }
  const saved = await handlers['profiles:save']({ ...realDraft, secret: server.adminSecret })
  if (!saved.ok) throw new Error(`could not save the real account: ${saved.message}`)
  realId = saved.value.id
})

afterAll(async () => {
  await engine.shutdown()
  journal.close()
  await Promise.all([server.close(), captureA.close(), captureB.close()])
  await chmod(join(dir, 'locked'), 0o700)
  await rm(dir, { recursive: true, force: true })
})

const STACK_LINE = /\n\s+at\s|\.(ts|js):\d+:\d+/

async function settle(channel: IpcRequestChannel, hp: HostilePayload, timeoutMs = CALL_TIMEOUT_MS): Promise<Result<unknown>> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs)
  })
  let answer: Result<unknown> | 'late'
  try {
    answer = await Promise.race([handlers[channel](hp.payload), late])
  } catch (err) {
    throw new Error(`seed ${SEED}: ${channel} threw instead of answering a Result, for ${hp.label}: ${err instanceof Error ? err.message : String(err)}`)
  } finally {
    clearTimeout(timer)
  }
  if (answer === 'late') throw new Error(`seed ${SEED}: ${channel} did not settle within ${timeoutMs} ms, for ${hp.label}`)
  return answer
}

function expectSafeResult(answer: Result<unknown>, where: string): void {
  expect(typeof answer === 'object' && answer !== null, where).toBe(true)
  if (answer.ok) expect(Object.hasOwn(answer, 'value'), where).toBe(true)
  else {
    expect(typeof answer.code, where).toBe('string')
    expect(typeof answer.message, where).toBe('string')
    expect(answer.message, where).not.toMatch(STACK_LINE)
  }
  const text = JSON.stringify(answer) ?? ''
  expect(text.includes(server.adminSecret), `${where}: the admin secret is in the reply`).toBe(false)
  expect(text.includes(KS_PREFIX), `${where}: a KS is in the reply`).toBe(false)
}

async function expectHealthy(where: string): Promise<void> {
  const info = await settle('app:info', { label: `health after ${where}`, payload: undefined, expect: 'any' })
  const list = await settle('profiles:list', { label: `health after ${where}`, payload: undefined, expect: 'any' })
  expect(info.ok && list.ok, `main unhealthy after ${where}`).toBe(true)
  expectSafeResult(list, `profiles:list after ${where}`)
}

async function fuzz(channel: IpcRequestChannel, hp: HostilePayload, timeoutMs = CALL_TIMEOUT_MS): Promise<Result<unknown>> {
  const where = `seed ${SEED}: ${channel} with ${hp.label}`
  const answer = await settle(channel, hp, timeoutMs)
  expectSafeResult(answer, where)
  if (hp.expect === 'refused') expect(answer, where).toMatchObject({ ok: false, code: 'invalid-payload' })
  // Checked after every call as well as at the end, so a leak names the payload that caused it.
  expect(captureA.connections() + captureB.connections(), `${where}: a capture server was reached`).toBe(0)
  await expectHealthy(where)
  return answer
}

/** The channel's generated payloads; one PRNG per channel and purpose, so each run draws the very same ones. */
function generated(channel: IpcRequestChannel, purpose: number, count: number): HostilePayload[] {
  const targets: FuzzTargets = { serviceUrl: server.url, partnerId: server.partnerId, adminSecret: server.adminSecret, captureUrls: [captureA.url, captureB.url], realId, dir, emptyScanIds }
  const rng = new Prng(channelSeed(SEED + purpose, channel))
  const shape = channelShapes(targets)[channel]
  const drawn = Array.from({ length: count }, () => {
    const hp = hostilePayload(rng, shape ?? { valid: () => undefined })
    return shape ? hp : { ...hp, expect: 'any' as const }
  })
  return purpose === 0 ? [...fixedPayloads(channel, targets), ...drawn] : drawn
}

const isEmptyScan = (value: unknown): value is { scanId: string; files: 0 } =>
  typeof value === 'object' && value !== null && 'scanId' in value && typeof value.scanId === 'string' && 'files' in value && value.files === 0

describe(`IPC fuzz (seed ${SEED})`, () => {
  it(`answers ${PER_CHANNEL} seeded hostile payloads on each of the ${REQUEST_CHANNELS.length} channels with a Result that carries no secret`, async () => {
    const counts: Record<string, number> = {}
    for (const channel of REQUEST_CHANNELS) {
      for (const hp of generated(channel, 0, PER_CHANNEL)) {
        const answer = await fuzz(channel, hp)
        if (answer.ok && isEmptyScan(answer.value)) emptyScanIds.push(answer.value.scanId)
        counts[channel] = (counts[channel] ?? 0) + 1
      }
    }
    console.info(`fuzz seed ${SEED}: payloads per channel ${JSON.stringify(counts)}`)
    expect(accessorRuns.count, 'main ran an accessor of a payload').toBe(0)
  })

  it(`answers bursts of ${BURST} payloads sent at once on each channel, as a page flooding main would`, async () => {
    for (const channel of REQUEST_CHANNELS) await Promise.all(generated(channel, 1, BURST).map((hp) => fuzz(channel, { ...hp, label: `${hp.label} (in a burst)` })))
    expect(accessorRuns.count, 'main ran an accessor of a payload').toBe(0)
  })

  it('bounds a drop of the whole disk by the scanner cap, and scan:cancel ends one at once', async () => {
    // One call of each: even bounded, a walk of / takes seconds, and no smaller cap can be asked for over IPC.
    const whole = await fuzz('scan:dropped', { label: "'/'", payload: { paths: ['/'] }, expect: 'any' }, 45_000)
    expect(whole, 'a drop of /').toMatchObject({ ok: true })
    const canceled = settle('scan:dropped', { label: "'/' then scan:cancel", payload: { paths: ['/'] }, expect: 'any' }, 45_000)
    expect(await handlers['scan:cancel'](undefined)).toEqual({ ok: true, value: undefined })
    expect(await canceled).toMatchObject({ ok: false, code: 'canceled' })
    await expectHealthy("a drop of '/'")
  })

  it('never lets the kept secret follow a draft that changes the address, way in or partner', async () => {
    for (const serviceUrl of [server.url, captureA.url, captureB.url, `${captureA.url}/api_v3`]) {
      for (const authKind of AUTH_KINDS) {
        for (const partnerId of [server.partnerId, server.partnerId + 1]) {
          const changed = serviceUrl !== server.url || authKind !== 'admin-secret' || partnerId !== server.partnerId
          const moved = { ...realDraft, serviceUrl, authKind, partnerId, ...(authKind === 'app-token' ? { appTokenId: '0_abc' } : {}) }
          for (const withId of [true, false]) {
            const payload = withId ? { ...moved, id: realId } : moved
            const label = `${withId ? 'the real id' : 'no id'}, ${serviceUrl}, ${authKind}, partner ${partnerId}`
            const tested = await fuzz('profiles:test', { label, payload, expect: 'any' })
            const saved = await fuzz('profiles:save', { label, payload, expect: 'any' })
            if (withId && !changed) continue
            expect(tested, label).toMatchObject({ ok: true, value: { ok: false, problem: 'no-secret' } })
            expect(saved, label).toMatchObject({ ok: false, code: 'secret-required' })
          }
        }
      }
    }
  })

  it('leaves the kept account as it was, sent nothing to another origin and opened nothing', async () => {
    expect(captureA.requests, 'the capture server got requests').toEqual([])
    expect(captureB.requests, 'the other origin got requests').toEqual([])
    expect(captureA.connections() + captureB.connections(), 'a capture server was connected to').toBe(0)
    expect(opened).toEqual([])
    expect(journal.getProfile(realId)).toMatchObject({ serviceUrl: server.url, partnerId: server.partnerId, authKind: 'admin-secret' })
    expect(await handlers['profiles:test']({ ...realDraft, id: realId })).toEqual({ ok: true, value: { ok: true } })
    expect(engine.isIdle()).toBe(true)
  })
})

describe('IPC races found by fuzzing', () => {
  // Found by this fuzzing: the scan was once forgotten only after an await, so a double click on Start queued its
  // files twice. The handler now takes the scan in one step after its last wait.
  it('queues one scan once, even when batch:start arrives twice at the same moment', async () => {
    const media = join(dir, 'race')
    await mkdir(media)
    await writeFile(join(media, 'a.mp4'), 'video bytes')
    const scanned = await handlers['scan:dropped']({ paths: [media] })
    if (!scanned.ok) throw new Error(scanned.message)
    const request = { scanId: scanned.value.scanId, profileId: realId, metadata: {}, duplicatePolicy: 'upload' }
    const answers = await Promise.all([handlers['batch:start'](request), handlers['batch:start'](request)])
    const queued = journal.allFiles().filter((f) => f.path === join(media, 'a.mp4'))
    // The engine has started on what was queued: stop it before the account checks and the shutdown.
    const idle = new Promise<void>((resolve) => (engine.isIdle() ? resolve() : engine.once('idle', () => resolve())))
    await handlers['files:cancel']({ ids: queued.map((f) => f.id) })
    await idle
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    expect(answers.filter((a) => !a.ok)).toMatchObject([{ code: 'scan-expired' }])
    expect(queued).toHaveLength(1)
  })
})
