// §7 "fault-injection switches the real platform can also produce": every fault kind observably happens,
// and bytesReceived shows what reached the server even when the request failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex, startFreshServer, waitUntil, type FreshServer } from './freshServer'
import { record, sampleBytes, send } from './rawApi'

let fresh: FreshServer

beforeAll(async () => {
  fresh = await startFreshServer()
})

afterAll(async () => {
  await fresh.stop()
})

const UPLOADS = { service: 'uploadtoken', action: 'upload' }

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
  throw new Error('expected the request to fail')
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await work()
  return { value, ms: performance.now() - started }
}

describe('§7 fault injection', () => {
  it('reset: reads part of the body, then resets the connection; nothing is stored, but bytesReceived counts what arrived', async () => {
    const { server, api } = fresh
    const bytes = sampleBytes(256 * 1024, 11)
    const tokenId = await api.addToken({ fileName: 'reset.bin' })
    server.faults.add({ match: { ...UPLOADS, uploadTokenId: tokenId }, action: { kind: 'reset', afterBytes: 64 * 1024 } })

    const error = await failureOf(api.upload(tokenId, bytes, { resume: false, finalChunk: true }))
    expect(error.message).toMatch(/fetch failed|socket|reset|closed/i)
    const afterReset = server.inspect.upload(tokenId)
    expect(afterReset).toMatchObject({ status: 0, uploadedFileSize: 0, uploadRequests: 1 })
    expect(afterReset?.bytesReceived).toBeGreaterThan(0)
    expect(afterReset?.bytesReceived).toBeLessThanOrEqual(64 * 1024)
    expect(server.inspect.requests().filter((r) => r.uploadTokenId === tokenId).map((r) => r.fault)).toEqual(['reset'])

    // The rule applied once (times defaults to 1): the re-send goes through and is counted on top.
    expect(record((await api.upload(tokenId, bytes, { resume: false, finalChunk: true })).body)).toMatchObject({ status: 2 })
    expect(server.inspect.upload(tokenId)).toMatchObject({
      sha256: sha256Hex(bytes),
      uploadRequests: 2,
      bytesReceived: (afterReset?.bytesReceived ?? 0) + bytes.length
    })
  })

  it('http: answers 502/504/413 (and Retry-After on 503) with an HTML body as a proxy would, without processing the request', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken({ fileName: 'proxy.bin' })
    for (const status of [502, 504, 413] as const) {
      server.faults.add({ match: { uploadTokenId: tokenId }, action: { kind: 'http', status } })
      const reply = await api.upload(tokenId, 'payload', { resume: false })
      expect(reply.status).toBe(status)
      expect(reply.headers.get('content-type')).toBe('text/html')
      expect(reply.text).toContain(`<h1>${status}</h1>`)
    }
    server.faults.add({ match: { service: 'uploadtoken', action: 'get' }, action: { kind: 'http', status: 503, retryAfterSeconds: 7, body: 'busy' } })
    const busy = await api.call('uploadtoken', 'get', { uploadTokenId: tokenId })
    expect(busy).toMatchObject({ status: 503, text: 'busy' })
    expect(busy.headers.get('retry-after')).toBe('7')
    expect(server.inspect.upload(tokenId)).toMatchObject({ status: 0, uploadedFileSize: 0, uploadRequests: 3, bytesReceived: 21 })
  })

  it('stall: reads the request and never replies until the client gives up', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken()
    server.faults.add({ match: { ...UPLOADS, finalChunk: true }, action: { kind: 'stall' } })
    const abort = new AbortController()
    let settled = false
    const pending = api.upload(tokenId, 'stalled', { resume: false, finalChunk: true }, abort.signal).finally(() => {
      settled = true
    })
    await waitUntil(() => server.inspect.upload(tokenId)?.bytesReceived === 7)
    await waitUntil(() => server.inspect.requests().some((r) => r.uploadTokenId === tokenId && r.fault === 'stall'))
    // Time is the behaviour here: the reply does not come.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(settled).toBe(false)
    abort.abort()
    await failureOf(pending)
    expect(server.inspect.upload(tokenId)).toMatchObject({ status: 0, uploadedFileSize: 0 })
  })

  it('dropReply: processes the request fully (the chunk is stored), then drops the connection instead of replying', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken()
    server.faults.add({ match: { uploadTokenId: tokenId }, action: { kind: 'dropReply' } })
    await failureOf(api.upload(tokenId, 'kept anyway', { resume: false, finalChunk: true }))
    expect(record((await api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).body)).toMatchObject({ status: 2, uploadedFileSize: '11' })
    expect(server.inspect.requests().filter((r) => r.uploadTokenId === tokenId)[0]).toMatchObject({ fault: 'dropReply', partBytes: 11 })
  })

  it('delay: processes, then waits before replying — here only for the verified final chunk', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken()
    await api.upload(tokenId, 'abc', { resume: false, finalChunk: false })
    server.faults.add({ match: { ...UPLOADS, finalChunk: true, uploadTokenId: tokenId }, action: { kind: 'delay', ms: 300 } })
    const middle = await timed(() => api.upload(tokenId, 'def', { resume: true, finalChunk: false, resumeAt: 3 }))
    expect(record(middle.value.body)).toMatchObject({ uploadedFileSize: 6 })
    const final = await timed(() => api.upload(tokenId, 'ghi', { resume: true, finalChunk: true, resumeAt: 6 }))
    expect(record(final.value.body)).toMatchObject({ status: 2, uploadedFileSize: 9 })
    expect(final.ms).toBeGreaterThanOrEqual(295)
    expect(server.inspect.requests().filter((r) => r.uploadTokenId === tokenId).map((r) => r.fault)).toEqual([undefined, undefined, 'delay'])
  })

  it('setLatency: adds the round-trip time before every reply', async () => {
    const { server, api } = fresh
    server.faults.setLatency(250)
    const slow = await timed(() => api.call('uploadtoken', 'list'))
    server.faults.setLatency(0)
    expect(record(slow.value.body).objectType).toBe('KalturaUploadTokenListResponse')
    expect(slow.ms).toBeGreaterThanOrEqual(245)
  })

  it('setLinkRate: paces request bodies to the given bytes per second, and can be lifted while an upload runs', async () => {
    const { server, api } = fresh
    server.faults.setLinkRate(200_000)
    const small = await api.addToken()
    const paced = await timed(() => api.upload(small, sampleBytes(80_000), { resume: false }))
    expect(record(paced.value.body)).toMatchObject({ status: 2 })
    expect(paced.ms).toBeGreaterThanOrEqual(300)

    server.faults.setLinkRate(20_000)
    const big = await api.addToken()
    const bytes = sampleBytes(2_000_000, 5)
    const upload = api.upload(big, bytes, { resume: false })
    await waitUntil(() => (server.inspect.upload(big)?.bytesReceived ?? 0) > 0)
    // At 20 kB/s this would take 100 s; lifting the limit lets it finish now.
    server.faults.setLinkRate(null)
    expect(record((await upload).body)).toMatchObject({ status: 2, uploadedFileSize: 2_000_000 })
    expect(server.inspect.upload(big)?.sha256).toBe(sha256Hex(bytes))
  })

  it('setConnectionRate: paces each request on its own, so two at once take as long as one', async () => {
    const { server, api } = fresh
    server.faults.setConnectionRate(200_000)
    try {
      const [a, b, c] = [await api.addToken(), await api.addToken(), await api.addToken()]
      const one = await timed(() => api.upload(a, sampleBytes(200_000, 1), { resume: false }))
      expect(one.ms).toBeGreaterThanOrEqual(950)
      // A shared link rate of 200 kB/s would take 2 s for both; each at its own pace takes what one took.
      const both = await timed(() => Promise.all([api.upload(b, sampleBytes(200_000, 2), { resume: false }), api.upload(c, sampleBytes(200_000, 3), { resume: false })]))
      expect(both.ms).toBeGreaterThanOrEqual(950)
      expect(both.ms).toBeLessThan(1800)
      expect([one.value, ...both.value].map((r) => record(r.body))).toMatchObject([{ status: 2 }, { status: 2 }, { status: 2 }])
    } finally {
      server.faults.setConnectionRate(null)
    }
  })

  it('down()/up(): refuses connections (dropping open ones) and comes back on the same port', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken()
    server.faults.add({ match: { uploadTokenId: tokenId }, action: { kind: 'stall' } })
    const inFlight = api.upload(tokenId, 'caught by down', { resume: false })
    await waitUntil(() => server.inspect.requests().some((r) => r.uploadTokenId === tokenId && r.fault === 'stall'))

    await server.faults.down()
    await failureOf(inFlight)
    const refused = await failureOf(send(`${server.url}/api_v3/service/system/action/ping?format=1`, { method: 'POST' }))
    expect(String((refused as Error & { cause?: { code?: string } }).cause?.code)).toBe('ECONNREFUSED')

    await server.faults.up()
    const ping = await send(`${server.url}/api_v3/service/system/action/ping?format=1`, { method: 'POST' })
    expect(ping.text).toBe('true')
    expect(record((await api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).body)).toMatchObject({ status: 0 })
  })

  it('onRequest: runs a test callback once a matching request has arrived in full, and processes the request only after the callback settles', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken({ fileName: 'hooked.bin' })
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    type Arrival = { partBytes?: number; resumeAt?: number; storedThen?: number }
    let arrived!: (arrival: Arrival) => void
    const arrival = new Promise<Arrival>((resolve) => {
      arrived = resolve
    })
    const hook = server.faults.onRequest({
      match: { ...UPLOADS, uploadTokenId: tokenId },
      skip: 1,
      run: async (request) => {
        arrived({ partBytes: request.partBytes, resumeAt: request.resumeAt, storedThen: server.inspect.upload(tokenId)?.uploadedFileSize })
        await held
      }
    })
    await api.upload(tokenId, 'abc', { resume: false, finalChunk: false })
    expect(hook.runs).toBe(0)

    let replied = false
    const second = api.upload(tokenId, 'def', { resume: true, finalChunk: false, resumeAt: 3 }).finally(() => {
      replied = true
    })
    // The whole part has arrived, yet nothing of it is stored and no reply has gone out while the callback runs.
    expect(await arrival).toEqual({ partBytes: 3, resumeAt: 3, storedThen: 3 })
    expect(replied).toBe(false)
    expect(server.inspect.upload(tokenId)?.uploadedFileSize).toBe(3)
    release()
    expect(record((await second).body)).toMatchObject({ uploadedFileSize: 6 })
    await hook.finished
    expect(hook.runs).toBe(1)

    // times defaults to 1: the next request goes straight through.
    expect(record((await api.upload(tokenId, 'ghi', { resume: true, finalChunk: true, resumeAt: 6 })).body)).toMatchObject({ status: 2, uploadedFileSize: 9 })
    expect(hook.runs).toBe(1)
  })

  it('onRequest: a callback that throws cuts its request off unprocessed and rejects finished; clear() retires hooks', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken()
    const failing = server.faults.onRequest({
      match: { ...UPLOADS, uploadTokenId: tokenId },
      run: () => {
        throw new Error('the test could not do its part')
      }
    })
    const rejected = expect(failing.finished).rejects.toThrow('the test could not do its part')
    await failureOf(api.upload(tokenId, 'lost', { resume: false, finalChunk: true }))
    await rejected
    expect(server.inspect.upload(tokenId)).toMatchObject({ status: 0, uploadedFileSize: 0 })

    let runs = 0
    server.faults.onRequest({ match: { ...UPLOADS, uploadTokenId: tokenId }, times: -1, run: () => void runs++ })
    server.faults.clear()
    expect(record((await api.upload(tokenId, 'kept', { resume: false, finalChunk: true })).body)).toMatchObject({ status: 2 })
    expect(runs).toBe(0)
  })

  it('rules: skip lets matching requests through first, times retires the rule, match narrows by service/action/finalChunk/token, probability is seeded and repeatable', async () => {
    const { server, api } = fresh
    const tokenId = await api.addToken()
    server.faults.add({ match: { service: 'uploadtoken', action: 'get', uploadTokenId: tokenId }, skip: 1, times: 2, action: { kind: 'http', status: 500 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await api.call('uploadtoken', 'get', { uploadTokenId: tokenId })).status)
    expect(statuses).toEqual([200, 500, 500, 200])
    expect((await api.call('uploadtoken', 'list')).status).toBe(200)

    const pattern = async (): Promise<number[]> => {
      server.faults.clear()
      server.faults.add({ match: { service: 'system' }, times: -1, probability: 0.5, seed: 1234, action: { kind: 'http', status: 503 } })
      const seen: number[] = []
      for (let i = 0; i < 24; i++) seen.push((await send(`${server.url}/api_v3/service/system/action/ping?format=1`, { method: 'POST' })).status)
      return seen
    }
    const first = await pattern()
    const second = await pattern()
    server.faults.clear()
    expect(first).toEqual(second)
    expect(first.filter((status) => status === 503).length).toBeGreaterThan(3)
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(3)
  })
})
