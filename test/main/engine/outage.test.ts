// One voice for an outage: the engine reports a lost server once, in the totals (since when, why, the next attempt),
// "Retry now" sends every waiting retry at once, and the outage clears by itself when the server answers again.
// An account Kaltura refuses is reported once too, until it is saved again. Real server, real journal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clientForProfile } from '../../../src/main/accounts/accounts'
import { createWorld, MiB, until, untilIdle, type World } from './engineFixture'

let world: World
beforeEach(async () => {
  world = await createWorld()
})
afterEach(async () => world.dispose())

// Back-offs long enough that a retry woken early is told apart from one that waited: every network wait is 15 s
// (retryPolicy.ts caps network waits there; the jittered back-off is 30–60 s), so no wait ends by itself meanwhile.
const SLOW_RETRIES = { baseDelayMs: 60_000, maxDelayMs: 120_000, maxAttempts: 8 }

describe('an outage', () => {
  it('is reported once in the totals with its detail and next attempt; Retry now sends every waiting file at once; it clears when bytes flow', async () => {
    const paths = await Promise.all([1, 2, 3].map((i) => world.makeFile(`trip/clip-${i}.mp4`, 2 * MiB)))
    const engine = world.engine({ retry: SLOW_RETRIES })
    world.server.faults.setLinkRate(1 * MiB)
    engine.add(await world.enqueue(paths))
    await until(engine, () => engine.totals().confirmedBytes > 0)
    expect(engine.totals().outage).toBeNull()

    await world.server.faults.down()
    const running = (): number => engine.files().filter((f) => f.state === 'uploading').length
    await until(engine, () => engine.files().some((f) => f.waiting === 'network') && engine.totals().outage?.nextAttemptAt != null)
    expect(running()).toBeGreaterThan(0)
    const outage = engine.totals().outage!
    expect(outage.kind).toBe('network')
    expect(outage.detail).toMatch(/ECONNREFUSED|network/)
    expect(outage.since).toBeLessThanOrEqual(Date.now())
    expect(outage.nextAttemptAt!).toBeGreaterThan(Date.now() + 10_000)

    // The server comes back while every file still waits out its back-off; Retry now does not wait for it.
    world.server.faults.setLinkRate(null)
    await world.server.faults.up()
    const arrivals: number[] = []
    world.server.faults.onRequest({ times: -1, run: () => void arrivals.push(Date.now()) })
    const pressedAt = Date.now()
    const nextAttemptAt = engine.totals().outage?.nextAttemptAt ?? Infinity
    expect(engine.retryNow()).toBeGreaterThan(0)
    await until(engine, () => arrivals.length > 0)
    expect(arrivals[0]!).toBeLessThan(nextAttemptAt)
    expect(arrivals[0]! - pressedAt).toBeLessThan(1000)

    // Bytes flow again: the outage is gone from the totals and no row says it waits for the network.
    await until(engine, () => engine.totals().outage == null && engine.files().every((f) => f.waiting !== 'network'))
    await untilIdle(engine)
    expect(engine.files().every((f) => f.state === 'done')).toBe(true)
    expect(engine.totals().outage).toBeNull()
  })

  it('from a busy server says so, holds until its Retry-After, and Retry now lifts the hold', async () => {
    const path = await world.makeFile('busy/one.mp4', 1 * MiB)
    const engine = world.engine({ retry: SLOW_RETRIES })
    world.server.faults.add({ match: { service: 'uploadtoken', action: 'add' }, action: { kind: 'http', status: 503, retryAfterSeconds: 30, body: 'busy' }, times: -1 })
    engine.add(await world.enqueue([path]))
    await until(engine, () => engine.totals().outage?.kind === 'server-busy' && engine.totals().outage?.nextAttemptAt != null)
    // The server's own Retry-After sets the next attempt: about 30 s away, not the policy's few seconds.
    expect(engine.totals().outage!.nextAttemptAt! - Date.now()).toBeGreaterThan(20_000)
    world.server.faults.clear()
    engine.retryNow()
    await untilIdle(engine, 15_000)
    expect(engine.files()[0]!.state).toBe('done')
    expect(engine.totals().outage).toBeNull()
  })
})

describe('an account Kaltura refuses', () => {
  it('is named once in the totals while its files wait, and leaves them when it is saved again', async () => {
    let secret = 'wrong-secret'
    const profile = world.journal.getProfile(world.profileId)!
    const engine = world.engine({ apiFor: async () => clientForProfile(profile, secret) })
    const paths = await Promise.all([1, 2].map((i) => world.makeFile(`held/h-${i}.mp4`, 300 * 1024)))
    engine.add(await world.enqueue(paths))
    await until(engine, () => (engine.totals().heldAccounts?.length ?? 0) > 0 && engine.files().every((f) => f.state === 'paused'))
    const [held, ...more] = engine.totals().heldAccounts!
    expect(more).toEqual([])
    expect(held).toMatchObject({ profileId: world.profileId, name: 'Test' })
    expect(held!.message).toMatch(/refused/)
    expect(held!.message).not.toContain('wrong-secret')

    secret = world.server.adminSecret
    engine.accountChanged(world.profileId)
    expect(engine.totals().heldAccounts).toEqual([])
    await untilIdle(engine)
    expect(engine.files().every((f) => f.state === 'done')).toBe(true)
  })
})
