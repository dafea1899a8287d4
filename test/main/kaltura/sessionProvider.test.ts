// The session provider renews a secret-based KS before it expires or after a refusal, once, and never shows its secrets.
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { generateKsV1, generateKsV2, readKs } from '../../../src/main/kaltura/ks'
import { SessionType } from '../../../src/main/kaltura/model'
import { SessionProvider, type KalturaCredentials } from '../../../src/main/kaltura/session'

const adminSecret = 'provider-test-admin-secret'

function manualClock(startMs = 1_800_000_000_000): { now: () => number; advanceSeconds: (s: number) => void } {
  let now = startMs
  return { now: () => now, advanceSeconds: (s) => (now += s * 1000) }
}

const noServer = {
  startSession: (): Promise<string> => Promise.reject(new Error('session.start must not be called')),
  startAppTokenSession: (): Promise<never> => Promise.reject(new Error('appToken.startSession must not be called'))
}

function localCredentials(extra: Partial<Extract<KalturaCredentials, { kind: 'admin-secret' }>> = {}): KalturaCredentials {
  return { kind: 'admin-secret', partnerId: 100, adminSecret, issuer: 'local', expirySeconds: 3600, ...extra }
}

describe('a session from an admin secret signed locally', () => {
  it('keeps handing out the same KS until it is within five minutes of expiry, then signs a new one', async () => {
    const clock = manualClock()
    const provider = new SessionProvider(localCredentials(), { ...noServer, now: clock.now })
    const first = await provider.ks()
    expect(provider.expiresAt).toBe(clock.now() / 1000 + 3600)
    clock.advanceSeconds(3600 - 301)
    expect(await provider.ks()).toBe(first)
    clock.advanceSeconds(2)
    const second = await provider.ks()
    expect(second).not.toBe(first)
    expect(provider.expiresAt).toBe(clock.now() / 1000 + 3600)
  })

  it('renews a short-lived KS a quarter of its lifetime early', async () => {
    const clock = manualClock()
    const provider = new SessionProvider(localCredentials({ expirySeconds: 40 }), { ...noServer, now: clock.now })
    const first = await provider.ks()
    clock.advanceSeconds(29)
    expect(await provider.ks()).toBe(first)
    clock.advanceSeconds(1)
    expect(await provider.ks()).not.toBe(first)
  })

  it('signs v1 or v2 as asked', async () => {
    const v1 = new SessionProvider(localCredentials({ ksVersion: 1 }), noServer)
    const v2 = new SessionProvider(localCredentials(), noServer)
    expect(readKs(await v1.ks())?.version).toBe(1)
    expect(readKs(await v2.ks())?.version).toBe(2)
  })

  it('after a refusal, renews once for all the calls that were refused with the same KS', async () => {
    const provider = new SessionProvider(localCredentials(), noServer)
    const refused = await provider.ks()
    const renewed = await Promise.all([provider.renew(refused), provider.renew(refused), provider.renew(refused)])
    expect(new Set(renewed).size).toBe(1)
    expect(renewed[0]).not.toBe(refused)
    // A late refusal of the old KS does not throw away the fresh one.
    expect(await provider.renew(refused)).toBe(renewed[0])
  })
})

describe('a session issued by session.start', () => {
  it('asks the server once however many calls want a KS at the same time', async () => {
    const requests: unknown[] = []
    const provider = new SessionProvider(
      { kind: 'admin-secret', partnerId: 100, adminSecret, issuer: 'server', expirySeconds: 600, type: SessionType.ADMIN },
      {
        ...noServer,
        startSession: async (request) => {
          requests.push(request)
          await new Promise((resolve) => setImmediate(resolve))
          return generateKsV2(adminSecret, { partnerId: 100, type: 2, userId: '', privileges: '', expiresAt: 2_000_000_000 })
        }
      }
    )
    const kss = await Promise.all([provider.ks(), provider.ks(), provider.ks()])
    expect(new Set(kss).size).toBe(1)
    expect(requests).toEqual([
      { partnerId: 100, secret: adminSecret, type: 2, userId: '', privileges: '', expirySeconds: 600 }
    ])
  })

  it('lets a waiting call give up through its own signal without cancelling the others', async () => {
    let release: (ks: string) => void = () => undefined
    const provider = new SessionProvider(
      { kind: 'admin-secret', partnerId: 100, adminSecret, issuer: 'server' },
      { ...noServer, startSession: () => new Promise<string>((resolve) => (release = resolve)) }
    )
    const patient = provider.ks()
    const impatient = new AbortController()
    const hasty = provider.ks(impatient.signal)
    impatient.abort()
    await expect(hasty).rejects.toMatchObject({ kind: 'aborted' })
    release('the-ks')
    expect(await patient).toBe('the-ks')
  })
})

describe('a pasted KS', () => {
  it('knows the expiry of a v1 KS and cannot be renewed', async () => {
    const ks = generateKsV1(adminSecret, { partnerId: 7, type: 2, userId: '', privileges: '', expiresAt: 1_900_000_000 })
    const provider = new SessionProvider({ kind: 'ks', ks: `  ${ks}\n` }, noServer)
    expect(await provider.ks()).toBe(ks)
    expect(provider.expiresAt).toBe(1_900_000_000)
    expect(provider.partnerId).toBe(7)
    expect(await provider.renew(ks)).toBeNull()
  })

  it('cannot know the expiry of a v2 KS without the secret', () => {
    const ks = generateKsV2(adminSecret, { partnerId: 7, type: 2, userId: '', privileges: '', expiresAt: 1_900_000_000 })
    const provider = new SessionProvider({ kind: 'ks', ks }, noServer)
    expect(provider.expiresAt).toBeNull()
    expect(provider.partnerId).toBe(7)
  })
})

describe('secrets held by the session provider', () => {
  it('do not appear in JSON, toString or inspect output', async () => {
    const provider = new SessionProvider(localCredentials(), noServer)
    const ks = await provider.ks()
    for (const shown of [JSON.stringify(provider), String(provider), `${provider}`, inspect(provider, { depth: 10, showHidden: true })]) {
      expect(shown).not.toContain(adminSecret)
      expect(shown).not.toContain(ks)
    }
    expect(JSON.parse(JSON.stringify(provider))).toEqual({ kind: 'admin-secret', partnerId: 100, expiresAt: provider.expiresAt })
  })

  it('are removed by its redactor, old KSs included', async () => {
    const clock = manualClock()
    const provider = new SessionProvider(localCredentials({ expirySeconds: 40 }), { ...noServer, now: clock.now })
    const old = await provider.ks()
    clock.advanceSeconds(35)
    const fresh = await provider.ks()
    expect(provider.redact(`${old} ${fresh} ${adminSecret} extra`, ['extra'])).toBe('[redacted] [redacted] [redacted] [redacted]')
  })
})
