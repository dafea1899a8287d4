// The engine under a hostile network and server: faulted chunk requests, expired sessions, a server that goes
// away and comes back, the machine sleeping, oversized chunks, a lost partial upload.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualPowerEvents } from '../../../src/main/engine/ports'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import type { KalturaClient } from '../../../src/main/kaltura'
import type { KalturaApi } from '../../../src/main/engine/kalturaApi'
import type { FaultMatch, KalturaTestServer, RequestHookHandle } from '../../kaltura-server/api'
import { silentLogger, type Logger } from '../../../src/main/logging/logger'
import { createWorld, sha256File, until, untilIdle, MiB, TEST_SETTINGS, type World } from './engineFixture'

let world: World
beforeEach(async () => {
  world = await createWorld()
})
afterEach(async () => world.dispose())

async function expectAllDone(paths: string[]): Promise<void> {
  for (const path of paths) {
    const row = world.journal.allFiles().find((f) => f.path === path)!
    expect(row.state, `${path}: ${row.error?.message ?? ''}`).toBe('done')
    expect(world.server.inspect.entry(row.entryId!)?.sha256).toBe(await sha256File(path))
  }
  expect(world.server.inspect.entries()).toHaveLength(paths.length)
}

describe('engine under faults', () => {
  it('completes a batch byte-exact with about 10 % of chunk requests reset, refused with 502, stalled or losing their reply', async () => {
    const paths = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => world.makeFile(`clip${i}.mp4`, 4 * MiB + i * 1000)))
    const upload = { service: 'uploadtoken', action: 'upload' }
    // One of each kind at fixed points, then a few more at random (seeded, so runs repeat).
    world.server.faults.add({ match: upload, action: { kind: 'reset', afterBytes: 64 * 1024 }, skip: 3 })
    world.server.faults.add({ match: upload, action: { kind: 'http', status: 502 }, skip: 6 })
    world.server.faults.add({ match: upload, action: { kind: 'dropReply' }, skip: 9 })
    world.server.faults.add({ match: { ...upload, finalChunk: false }, action: { kind: 'stall' }, skip: 12 })
    world.server.faults.add({ match: upload, action: { kind: 'reset', afterBytes: 200 * 1024 }, times: -1, probability: 0.01, seed: 1 })
    world.server.faults.add({ match: upload, action: { kind: 'http', status: 502 }, times: -1, probability: 0.01, seed: 2 })
    world.server.faults.add({ match: upload, action: { kind: 'dropReply' }, times: -1, probability: 0.01, seed: 3 })
    const ids = await world.enqueue(paths)
    const engine = world.engine({ stallMs: 1000 })
    engine.start()
    engine.add(ids)
    await untilIdle(engine, 90_000)
    await expectAllDone(paths)
    const uploads = world.server.inspect.requests().filter((r) => r.action === 'upload')
    const faulted = uploads.filter((r) => r.fault)
    console.log(`faults: ${faulted.length} of ${uploads.length} upload requests (${[...new Set(faulted.map((r) => r.fault))].join(', ')})`)
    expect(faulted.length / uploads.length).toBeGreaterThan(0.04)
    expect(new Set(faulted.map((r) => r.fault))).toEqual(new Set(['reset', 'http', 'dropReply', 'stall']))
  })

  it('renews an expired KS mid-batch and continues with the same token and offset', async () => {
    const path = await world.makeFile('a.mp4', 4 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(3 * MiB)
    const engine = world.engine({}, { maxConnections: 2 })
    engine.start()
    engine.add(ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes >= MiB)
    const token = world.journal.getFile(ids[0]!)!.tokenId
    world.server.faults.expireAllSessions()
    world.server.faults.setLinkRate(null)
    await untilIdle(engine)
    await expectAllDone([path])
    expect(world.journal.getFile(ids[0]!)!.tokenId).toBe(token)
    expect(world.server.inspect.requests().some((r) => r.errorCode === 'INVALID_KS')).toBe(true)
  })

  it('waits for the network while the server is down, without failing, and finishes when it is back', async () => {
    const path = await world.makeFile('a.mp4', 3 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(3 * MiB)
    // The engine's own account of each failed chunk attempt, so the test can wait for as many as it wants.
    const attempts = attemptCounter()
    const engine = world.engine({ logger: attempts.logger, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 2 } })
    const states = new Set<string>()
    engine.on('update', () => states.add(engine.files()[0]!.state))
    engine.start()
    engine.add(ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes > 0)
    await world.server.faults.down()
    await until(engine, () => engine.files()[0]!.waiting === 'network')
    // Three times the budget of 2 failed attempts while the server is away, and still not failed.
    await attempts.reach(attempts.count + 6)
    expect(engine.files()[0]!.state).not.toBe('failed')
    expect(engine.files()[0]!.waiting).toBe('network')
    world.server.faults.setLinkRate(null)
    await world.server.faults.up()
    await untilIdle(engine)
    expect(states.has('failed')).toBe(false)
    await expectAllDone([path])
  })

  it('on suspend stops every request, and on resume re-verifies with the server and finishes', async () => {
    const paths = [await world.makeFile('a.mp4', 3 * MiB), await world.makeFile('b.mp4', 2 * MiB)]
    const ids = await world.enqueue(paths)
    world.server.faults.setLinkRate(2 * MiB)
    const power = new ManualPowerEvents()
    // Every Kaltura call the engine starts, seen from the engine's side: the server (in this same process) can take
    // a while to notice a request sent just before the suspend, so its clock is not the one to judge by.
    const started: Array<{ call: string; suspended: boolean }> = []
    let suspended = false
    const profile = { serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: 'tester', authKind: 'admin-secret' as const }
    const engine = world.engine({ power, apiFor: async () => recordingCalls(clientForProfile(profile, world.server.adminSecret), (call) => started.push({ call, suspended })) })
    engine.start()
    engine.add(ids)
    await until(engine, () => ids.some((id) => world.journal.getFile(id)!.confirmedBytes > 0))
    suspended = true
    power.fireSuspend()
    await until(engine, () => engine.files().every((f) => f.speed === 0))
    // A stretch longer than any retry wait these settings allow: nothing new starts in it.
    await new Promise((r) => setTimeout(r, 300))
    expect(started.filter((c) => c.suspended)).toEqual([])
    const requestsAtResume = world.server.inspect.requests().length
    world.server.faults.setLinkRate(null)
    suspended = false
    power.fireResume()
    await untilIdle(engine)
    await expectAllDone(paths)
    const gets = world.server.inspect.requests().slice(requestsAtResume).filter((r) => r.service === 'uploadtoken' && r.action === 'get')
    expect(gets.length).toBeGreaterThan(0)
  })

  it('looks before sending media.add again, so a lost reply leaves no empty stray entry on the account', async () => {
    const paths = [await world.makeFile('a.mp4', 300 * 1024), await world.makeFile('b.mp4', 300 * 1024)]
    const ids = await world.enqueue(paths)
    // The server stores each entry, then the connection drops before its reply: the client cannot tell it was made.
    world.server.faults.add({ match: { service: 'media', action: 'add' }, action: { kind: 'dropReply' }, times: 2 })
    const engine = world.engine()
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    await expectAllDone(paths)
    expect(world.server.inspect.requests().filter((r) => r.service === 'media' && r.action === 'add' && r.fault === 'dropReply')).toHaveLength(2)
    expect(world.server.inspect.entries()).toHaveLength(2)
  })

  it('sends smaller chunks after HTTP 413', async () => {
    const path = await world.makeFile('a.mp4', 3 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'upload', finalChunk: false }, action: { kind: 'http', status: 413 }, times: 2, skip: 1 })
    const engine = world.engine({}, { minChunkBytes: 256 * 1024, maxChunkBytes: 2 * MiB })
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    await expectAllDone([path])
    const uploads = world.server.inspect.requests().filter((r) => r.action === 'upload' && !r.fault && (r.partBytes ?? 0) > 0)
    const last = uploads.at(-1)!
    expect(Math.max(...uploads.map((u) => u.partBytes ?? 0))).toBeGreaterThan(last.partBytes ?? 0)
  })

  it('starts a new token and says so when the server lost the partial upload', async () => {
    const path = await world.makeFile('a.mp4', 3 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(2 * MiB)
    let engine = world.engine({}, { maxConnections: 1 })
    engine.start()
    engine.add(ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes > 0)
    await engine.shutdown()
    const oldToken = world.journal.getFile(ids[0]!)!.tokenId
    // The server forgets the partial upload (as it does after its resume window, or when an admin deletes it).
    await clientForProfile({ serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: '', authKind: 'admin-secret' }, world.server.adminSecret).uploadToken.delete(oldToken!)
    world.server.faults.setLinkRate(null)
    world.reopenJournal()
    engine = world.engine()
    engine.start()
    await untilIdle(engine)
    await expectAllDone([path])
    const row = world.journal.getFile(ids[0]!)!
    expect(row.tokenId).not.toBe(oldToken)
    expect(row.notice).toMatch(/started again/)
  })

  it('backs off on 429 and 503 without failing the files', async () => {
    const paths = [await world.makeFile('a.mp4', 2 * MiB), await world.makeFile('b.mp4', 2 * MiB)]
    const ids = await world.enqueue(paths)
    const upload = { service: 'uploadtoken', action: 'upload' }
    // Before the server gets busy, hold four chunk uploads until all four are open at once: the full pool of
    // TEST_SETTINGS.maxConnections is seen in use. While they are held no other call can start, so the busy
    // replies below fall on the calls after them (the two opening parts plus these four pass first).
    const busyFrom = 2 + 4
    const fullPool = allOpenAtOnce(world.server, upload, 2, 4)
    world.server.faults.add({ match: upload, action: { kind: 'http', status: 429, retryAfterSeconds: 1 }, skip: busyFrom, times: 2 })
    world.server.faults.add({ match: upload, action: { kind: 'http', status: 503, retryAfterSeconds: 1 }, skip: busyFrom, times: 2 })
    const engine = world.engine({ retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 1 } })
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    await fullPool.finished
    await expectAllDone(paths)

    const uploads = world.server.inspect.requests().filter((r) => r.service === 'uploadtoken' && r.action === 'upload')
    const busy = uploads.filter((r) => r.fault === 'http')
    expect(busy).toHaveLength(4)
    const openAt = (t: number): number => uploads.filter((r) => r.at <= t && (r.endedAt ?? Infinity) > t).length
    const firstBusy = busy[0]!
    const lastBusyReply = Math.max(...busy.map((r) => r.endedAt!))
    expect(Math.max(...uploads.filter((r) => r.at < firstBusy.at).map((r) => openAt(r.at)))).toBe(TEST_SETTINGS.maxConnections)
    // After the busy replies the pool is down to one slot, and it adds one back only after a calm ramp interval (the
    // pool's default, 5 s): every upload that starts within it has the server to itself.
    const calmed = uploads.filter((r) => r.at > lastBusyReply && r.at < lastBusyReply + 5000)
    expect(calmed.length).toBeGreaterThan(0)
    expect(calmed.map((r) => openAt(r.at))).toEqual(calmed.map(() => 1))
    // Retry-After: 1 on every busy reply, and no chunk came back sooner.
    for (const refused of busy) {
      const again = uploads.find((r) => r.at > refused.at && r.uploadTokenId === refused.uploadTokenId && r.resumeAt === refused.resumeAt)
      expect(again, `chunk at ${refused.resumeAt} was not sent again`).toBeDefined()
      expect(again!.at - refused.endedAt!).toBeGreaterThanOrEqual(1000)
    }
  })
})

/** Holds `count` matching requests (after `skip`) until all of them are open at once, then lets them go on. */
function allOpenAtOnce(server: KalturaTestServer, match: FaultMatch, skip: number, count: number): RequestHookHandle {
  let arrived = 0
  let allIn!: () => void
  const together = new Promise<void>((resolve) => {
    allIn = resolve
  })
  return server.faults.onRequest({
    match,
    skip,
    times: count,
    run: async () => {
      if (++arrived === count) allIn()
      await withTimeout(together, 10_000, () => `only ${arrived} of ${count} requests were ever open at once`)
    }
  })
}

/** Fails loudly, with what was seen by then, when the promise has not settled in time. */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms)
  })
  try {
    return await Promise.race([promise, expired])
  } finally {
    clearTimeout(timer)
  }
}

/** A logger that counts the engine's failed chunk attempts and lets a test wait for a number of them. */
function attemptCounter(timeoutMs = 10_000): { logger: Logger; readonly count: number; reach(n: number): Promise<void> } {
  let count = 0
  const waiters: Array<{ n: number; resolve: () => void }> = []
  const logger: Logger = {
    ...silentLogger,
    info(scope, message) {
      if (scope !== 'upload' || !/uploadToken\.upload.* failed \(/.test(message)) return
      count += 1
      for (const waiter of waiters.filter((w) => count >= w.n)) waiter.resolve()
    }
  }
  return {
    logger,
    get count() {
      return count
    },
    reach(n) {
      if (count >= n) return Promise.resolve()
      const reached = new Promise<void>((resolve) => waiters.push({ n, resolve }))
      return withTimeout(reached, timeoutMs, () => `only ${count} of ${n} failed attempts within ${timeoutMs} ms`)
    }
  }
}

describe('sleep without power events', () => {
  it('notices a jump of the clock (the machine slept, the OS said nothing), re-verifies with the server and finishes', async () => {
    const path = await world.makeFile('a.mp4', 3 * MiB)
    const ids = await world.enqueue([path])
    world.server.faults.setLinkRate(2 * MiB)
    const engine = world.engine({ sleepGapMs: 300 })
    engine.start()
    engine.add(ids)
    await until(engine, () => world.journal.getFile(ids[0]!)!.confirmedBytes > 0)
    const before = world.server.inspect.requests().length
    // Block the event loop as a suspended process would be: the watchdog's next tick sees the gap.
    const frozenUntil = Date.now() + 800
    while (Date.now() < frozenUntil) {
      // frozen
    }
    world.server.faults.setLinkRate(null)
    await untilIdle(engine)
    await expectAllDone([path])
    const after = world.server.inspect.requests().slice(before)
    expect(after.some((r) => r.service === 'uploadtoken' && r.action === 'get')).toBe(true)
  })

  it('keeps the machine awake while uploads run and lets it sleep when they are done', async () => {
    const path = await world.makeFile('a.mp4', 1 * MiB)
    const ids = await world.enqueue([path])
    const states: boolean[] = []
    const engine = world.engine({ keepAwake: { setActive: (active) => states.push(active) } })
    engine.start()
    engine.add(ids)
    await untilIdle(engine)
    expect(states).toContain(true)
    expect(states.at(-1)).toBe(false)
  })
})

/** The same client, telling `onCall` the name of every uploadToken, media, category or caption call as it starts. */
function recordingCalls(client: KalturaClient, onCall: (call: string) => void): KalturaApi {
  const wrap = <S extends object>(service: string, target: S): S =>
    new Proxy(target, {
      get(obj, key, receiver) {
        const value: unknown = Reflect.get(obj, key, receiver)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          onCall(`${service}.${String(key)}`)
          return (value as (...a: unknown[]) => unknown).apply(obj, args)
        }
      }
    })
  return { uploadToken: wrap('uploadToken', client.uploadToken), media: wrap('media', client.media), category: wrap('category', client.category), caption: wrap('caption', client.caption) }
}
