// One API request end to end: read the body (paced, metered), decide its fault, dispatch, reply, and record it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { rm } from 'node:fs/promises'
import { pipeline } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultAction, RequestRecord } from './api'
import { BodyMeter } from './bodyMeter'
import { LinkRate } from './linkRate'
import { dispatch } from './dispatch'
import { KalturaApiError } from './errors'
import { bodyOverLimit, partOverLimit } from './phpLimits'
import { mergeParams, readBool, readFloat, readString, type ParamTree } from './params'
import { readBody, type ReceivedBody } from './requestBody'
import { sendApiReply, sendProxyError, type JsonValue } from './responses'
import type { ServerContext } from './serverContext'
import type { TokenRecord } from './store'
import { armProxyCut } from './uploadModes'

/** Faults that stop the request before it is processed: file bytes are counted but not stored. */
const UNPROCESSED_FAULTS: ReadonlyArray<FaultAction['kind']> = ['reset', 'http', 'stall']

export async function handleApiRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, fromUrl: ParamTree): Promise<void> {
  const record: RequestRecord = { at: ctx.clock.nowMs(), service: '', action: '' }
  ctx.requests.push(record)
  res.on('finish', () => {
    record.endedAt ??= ctx.clock.nowMs()
    record.replied = true
  })
  res.on('close', () => {
    record.endedAt ??= ctx.clock.nowMs()
  })
  const meter = new BodyMeter(ctx.linkRate, ctx.connectionRate === null ? null : LinkRate.of(ctx.connectionRate))
  pipeline(req, meter, () => undefined)

  let fault: FaultAction | undefined
  let decided = false
  let countedToken: TokenRecord | undefined
  let uncountedBytes = 0
  let isUpload = false

  /** Decides the fault once the routing params are known (before the file part, or at the end of the body). */
  const decide = (bodyParams: ParamTree): void => {
    if (decided) return
    decided = true
    const params = mergeParams(bodyParams, fromUrl)
    describe(record, params)
    const { service, action, uploadTokenId } = record
    isUpload = service === 'uploadtoken' && action === 'upload'
    if (isUpload && uploadTokenId !== undefined) countedToken = ctx.store.tokens.get(uploadTokenId)
    fault = ctx.faults.pick({ service, action, finalChunk: readBool(params, 'finalChunk', true), uploadTokenId })
    if (fault) record.fault = fault.kind
    if (fault?.kind === 'reset') meter.cutAfter(fault.afterBytes ?? 0, () => req.socket.resetAndDestroy())
  }

  let body: ReceivedBody
  if (bodyOverLimit(ctx.limits, req.headers['content-length'])) {
    // PHP reads nothing of a body over post_max_size: no field, no part, so no KS, format or uploadTokenId either.
    record.droppedBodyBytes = Number(req.headers['content-length'])
    try {
      for await (const chunk of meter) void chunk
    } catch {
      return
    }
    body = { params: {}, fileData: undefined }
  } else try {
    body = await readBody(meter, req.headers['content-type'] ?? '', {
      scratchPath: () => ctx.store.scratchPath(),
      onFileStart: (paramsSoFar) => {
        decide(paramsSoFar)
        record.partBytes = 0
        if (countedToken) countedToken.uploadRequests += 1
        const unprocessed = fault !== undefined && UNPROCESSED_FAULTS.includes(fault.kind)
        return { keep: !unprocessed, digest: !readBool(mergeParams(paramsSoFar, fromUrl), 'resume', false) }
      },
      onFileBytes: (count) => {
        record.partBytes = (record.partBytes ?? 0) + count
        if (countedToken) countedToken.bytesReceived += count
        else uncountedBytes += count
      }
    })
  } catch {
    if (req.socket.destroyed) {
      await saveCounters(ctx, countedToken)
      return
    }
    // A malformed body on a live connection: answer from the URL params alone, then close.
    body = { params: {}, fileData: undefined }
    res.setHeader('Connection', 'close')
  }

  decide(body.params)
  const params = mergeParams(body.params, fromUrl)
  describe(record, params)
  if (!countedToken && isUpload) {
    countedToken = ctx.store.tokens.get(readString(params, 'uploadTokenId') ?? '')
    if (countedToken && body.fileData?.kind === 'file') {
      countedToken.uploadRequests += 1
      countedToken.bytesReceived += uncountedBytes
    }
  }
  await saveCounters(ctx, countedToken)

  const scratch = body.fileData?.kind === 'file' ? body.fileData.part.path : ''
  const releaseScratch = async (): Promise<void> => {
    if (scratch !== '') await rm(scratch, { force: true })
  }
  // The proxy's clock runs from the moment it has handed the whole request on (a stalled request gets its 504 too).
  const proxy = armProxyCut(ctx.modes, res, record)
  try {
    const { service, action, uploadTokenId } = record
    await ctx.hooks.run({ service, action, finalChunk: readBool(params, 'finalChunk', true), uploadTokenId }, record)
  } catch (error) {
    console.error('[kaltura-test-server] request hook failed:', error)
    proxy.disarm()
    req.socket.resetAndDestroy()
    return releaseScratch()
  }
  const currentFault: FaultAction | undefined = fault
  if (currentFault?.kind === 'reset') {
    proxy.disarm()
    req.socket.resetAndDestroy()
    return releaseScratch()
  }
  if (currentFault?.kind === 'stall') return releaseScratch()
  if (currentFault?.kind === 'http') {
    await releaseScratch()
    await pause(ctx, ctx.latencyMs)
    proxy.disarm()
    if (!req.socket.destroyed && !proxy.answered()) sendProxyError(res, currentFault.status, currentFault.body, currentFault.retryAfterSeconds)
    return
  }

  let outcome: JsonValue | KalturaApiError
  try {
    outcome = await dispatch(ctx, readString(params, 'service') ?? '', readString(params, 'action') ?? '', params, partOverLimit(ctx.limits, body.fileData))
  } catch (error) {
    outcome = error instanceof KalturaApiError ? error : internalError(error)
  } finally {
    await releaseScratch()
  }
  if (outcome instanceof KalturaApiError) record.errorCode = outcome.code

  if (currentFault?.kind === 'dropReply') {
    proxy.disarm()
    req.socket.destroy()
    return
  }
  if (currentFault?.kind === 'delay') await pause(ctx, currentFault.ms)
  await pause(ctx, ctx.latencyMs)
  proxy.disarm()
  if (proxy.answered()) return
  if (!req.socket.destroyed) sendApiReply(res, outcome, readString(params, 'format'), readString(params, 'callback'))
}

/** Fills the request record from the params (again once the whole body is known). */
function describe(record: RequestRecord, params: ParamTree): void {
  record.service = (readString(params, 'service') ?? '').toLowerCase()
  record.action = (readString(params, 'action') ?? '').toLowerCase()
  record.params = params
  const uploadTokenId = readString(params, 'uploadTokenId')
  if (uploadTokenId !== undefined) record.uploadTokenId = uploadTokenId
  if (record.service === 'uploadtoken' && record.action === 'upload') {
    record.resume = readBool(params, 'resume', false)
    record.resumeAt = readFloat(params, 'resumeAt', -1)
    record.finalChunk = readBool(params, 'finalChunk', true)
  }
}

async function saveCounters(ctx: ServerContext, token: TokenRecord | undefined): Promise<void> {
  if (token) await ctx.store.saveToken(token)
}

async function pause(ctx: ServerContext, ms: number): Promise<void> {
  if (ms <= 0) return
  try {
    await sleep(ms, undefined, { signal: ctx.shutdown.signal })
  } catch {
    // Server closing: reply (or not) right away.
  }
}

function internalError(error: unknown): KalturaApiError {
  console.error('[kaltura-test-server] internal error:', error)
  return new KalturaApiError('INTERNAL_SERVERL_ERROR')
}
