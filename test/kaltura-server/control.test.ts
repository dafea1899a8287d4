// The HTTP control API (POST /__test/<name>, JSON body) drives faults, clock and inspection like the in-process object.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminKs, startFreshServer, type FreshServer } from './freshServer'
import { record } from './rawApi'

let fresh: FreshServer

beforeAll(async () => {
  fresh = await startFreshServer()
})

afterAll(async () => {
  await fresh.stop()
})

async function control(name: string, body?: unknown): Promise<{ status: number; value: unknown }> {
  const response = await fetch(`${fresh.server.url}/__test/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: response.status, value: (await response.json()) as unknown }
}

describe('HTTP control API', () => {
  it('adds and clears fault rules, sets latency and link rate, and forces session expiry over HTTP', async () => {
    const { api } = fresh
    const id = await control('faults.add', { match: { service: 'uploadtoken', action: 'list' }, times: -1, action: { kind: 'http', status: 502 } })
    expect(id).toEqual({ status: 200, value: 'fault-1' })
    expect((await api.call('uploadtoken', 'list')).status).toBe(502)
    expect((await api.call('uploadtoken', 'list')).status).toBe(502)
    expect(await control('faults/clear')).toEqual({ status: 200, value: null })
    expect((await api.call('uploadtoken', 'list')).status).toBe(200)

    await control('faults.setLatency', { ms: 200 })
    const started = performance.now()
    await api.call('uploadtoken', 'list')
    expect(performance.now() - started).toBeGreaterThanOrEqual(195)
    await control('faults.setLatency', { ms: 0 })
    expect((await control('faults.setLinkRate', { bytesPerSecond: null })).status).toBe(200)

    await control('faults.expireAllSessions')
    expect((await api.call('uploadtoken', 'list')).body).toMatchObject({ code: 'INVALID_KS', args: { KSID: 'EXPIRED' } })
  })

  it('moves the clock, switches the entry outcome and inspects uploads, entries and requests over HTTP', async () => {
    const info = record((await control('info')).value)
    expect(info).toMatchObject({ url: fresh.server.url, partnerId: 100, adminSecret: 'test-admin-secret', userSecret: 'test-user-secret' })

    const now = (await control('clock.now')).value as number
    await control('clock.advance', { seconds: 120 })
    expect((await control('clock.now')).value).toBe(now + 120)

    const { api } = fresh
    // The previous test expired every session seen so far, so sign a fresh one.
    api.ks = adminKs(fresh.server)
    await control('faults.setEntryOutcome', { outcome: 'errorImporting' })
    const tokenId = await api.addToken({ fileName: 'inspect.bin' })
    await api.upload(tokenId, 'inspect me')
    const entryId = await api.addEntry()
    await api.call('media', 'addContent', { entryId, resource: { objectType: 'KalturaUploadedFileTokenResource', token: tokenId } })
    await api.call('media', 'get', { entryId })
    await api.call('media', 'get', { entryId })

    expect(record((await control('inspect.upload', { tokenId })).value)).toMatchObject({ id: tokenId, status: 3, uploadedFileSize: 10, bytesReceived: 10 })
    expect((await control('inspect.uploads')).value).toHaveLength(1)
    expect(record((await control('inspect.entry', { entryId })).value)).toMatchObject({ id: entryId, status: -2, size: 10 })
    expect((await control('inspect.entries')).value).toHaveLength(1)
    const requests = (await control('inspect.requests')).value as Array<Record<string, unknown>>
    expect(requests.find((r) => r.action === 'upload')).toMatchObject({ service: 'uploadtoken', uploadTokenId: tokenId, partBytes: 10, finalChunk: true })
    expect((await control('inspect.upload', { tokenId: '0_nope' })).value).toBeNull()
  })

  it('answers 404 for an unknown control and 400 for a malformed body', async () => {
    const unknown = await control('faults.explode')
    expect(unknown.status).toBe(404)
    expect(record(unknown.value).controls).toContain('faults.add')
    // A request hook is a function in the test's process; it cannot be sent over HTTP.
    expect((await control('faults.onRequest', { match: { service: 'uploadtoken' } })).status).toBe(404)
    expect((await control('faults.add', { action: { kind: 'meltdown' } })).status).toBe(400)
    expect((await control('clock.advance', { seconds: 'soon' })).status).toBe(400)
    expect((await control('faults.setEntryOutcome', { outcome: 'maybe' })).status).toBe(400)
  })

  it('adds, reads, disables and deletes application tokens over HTTP', async () => {
    const added = await control('appTokens.add', { token: 'f00d'.repeat(8), hashType: 'SHA256', sessionDuration: 600, sessionUserId: 'uploader' })
    expect(added.status).toBe(200)
    const id = String(added.value)
    expect(await control('appTokens.get', { id })).toMatchObject({ status: 200, value: { id, status: 2, hashType: 'SHA256', sessionDuration: 600 } })
    expect(await control('appTokens.disable', { id })).toEqual({ status: 200, value: null })
    expect(fresh.server.appTokens.get(id)?.status).toBe(1)
    expect(await control('appTokens.delete', { id })).toEqual({ status: 200, value: null })
    expect((await control('appTokens.delete', { id })).status).toBe(400)
    expect((await control('appTokens.add', { hashType: 'CRC32' })).status).toBe(400)
  })
})
