// HTTP control API: POST {url}/__test/<name> with a JSON body drives the same controls as the KalturaTestServer object.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppTokenSpec, FaultAction, FaultMatch, FaultRule, KalturaTestServer } from './api'

type ControlBody = Record<string, unknown>

class ControlInputError extends Error {}

/** Every control by name; the body carries the method's arguments by name. */
const CONTROLS: Record<string, (server: KalturaTestServer, body: ControlBody) => unknown> = {
  'faults.add': (server, body) => server.faults.add(faultRuleFrom(body)),
  'faults.clear': (server) => server.faults.clear(),
  'faults.setLinkRate': (server, body) => server.faults.setLinkRate(body.bytesPerSecond === null ? null : numberIn(body, 'bytesPerSecond')),
  'faults.setConnectionRate': (server, body) => server.faults.setConnectionRate(body.bytesPerSecond === null ? null : numberIn(body, 'bytesPerSecond')),
  'faults.setLatency': (server, body) => server.faults.setLatency(numberIn(body, 'ms')),
  'faults.expireAllSessions': (server) => server.faults.expireAllSessions(),
  'faults.invalidateAllSessions': (server) => server.faults.invalidateAllSessions(),
  'faults.setEntryOutcome': (server, body) => {
    const outcome = body.outcome
    if (outcome !== 'ready' && outcome !== 'errorConverting' && outcome !== 'errorImporting') {
      throw new ControlInputError('outcome must be ready, errorConverting or errorImporting')
    }
    server.faults.setEntryOutcome(outcome)
  },
  'faults.setLimits': (server, body) =>
    server.faults.setLimits({
      ...(body.partLimitBytes === undefined ? {} : { partLimitBytes: body.partLimitBytes === null ? null : numberIn(body, 'partLimitBytes') }),
      ...(body.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: body.bodyLimitBytes === null ? null : numberIn(body, 'bodyLimitBytes') })
    }),
  'faults.setEntrySwitches': (server, body) =>
    server.faults.setEntrySwitches({
      ...(body.listLagMs === undefined ? {} : { listLagMs: numberIn(body, 'listLagMs') }),
      ...(body.referenceIdNeedsPermission === undefined ? {} : { referenceIdNeedsPermission: booleanIn(body, 'referenceIdNeedsPermission') }),
      ...(body.moderateContent === undefined ? {} : { moderateContent: booleanIn(body, 'moderateContent') })
    }),
  'faults.setModes': (server, body) =>
    server.faults.setModes({
      ...(body.unlockedWrites === undefined ? {} : { unlockedWrites: booleanIn(body, 'unlockedWrites') }),
      ...(body.minimumChunkBytes === undefined ? {} : { minimumChunkBytes: body.minimumChunkBytes === null ? null : numberIn(body, 'minimumChunkBytes') }),
      ...(body.proxyCutMs === undefined ? {} : { proxyCutMs: body.proxyCutMs === null ? null : numberIn(body, 'proxyCutMs') })
    }),
  'appTokens.add': (server, body) => server.appTokens.add(appTokenSpecFrom(body)),
  'appTokens.get': (server, body) => server.appTokens.get(stringIn(body, 'id')) ?? null,
  'appTokens.disable': (server, body) => server.appTokens.disable(knownAppToken(server, body)),
  'appTokens.delete': (server, body) => server.appTokens.delete(knownAppToken(server, body)),
  'clock.advance': (server, body) => server.clock.advance(numberIn(body, 'seconds')),
  'clock.now': (server) => server.clock.now(),
  'inspect.uploads': (server) => server.inspect.uploads(),
  'inspect.upload': (server, body) => server.inspect.upload(stringIn(body, 'tokenId')),
  'inspect.entries': (server) => server.inspect.entries(),
  'inspect.entry': (server, body) => server.inspect.entry(stringIn(body, 'entryId')),
  'inspect.requests': (server) => server.inspect.requests(),
  info: (server) => ({
    url: server.url,
    port: server.port,
    partnerId: server.partnerId,
    adminSecret: server.adminSecret,
    userSecret: server.userSecret
  })
}

export const CONTROL_NAMES = Object.keys(CONTROLS)

/** `name` is what follows /__test/, with `.` or `/` between the parts (faults.add or faults/add). */
export async function handleControlRequest(server: KalturaTestServer, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  const control = CONTROLS[name.replace(/\//g, '.')]
  if (!control) {
    reply(res, 404, { error: `unknown control "${name}"`, controls: CONTROL_NAMES })
    return
  }
  try {
    const body = await readControlBody(req)
    const result = control(server, body)
    reply(res, 200, result)
  } catch (error) {
    if (!(error instanceof ControlInputError)) throw error
    reply(res, 400, { error: error.message })
  }
}

async function readControlBody(req: IncomingMessage): Promise<ControlBody> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
  const text = Buffer.concat(chunks).toString('utf8').trim()
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://control').searchParams)
  if (text === '') return query
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ControlInputError('body must be JSON')
  }
  if (!isRecord(parsed)) throw new ControlInputError('body must be a JSON object')
  return { ...query, ...parsed }
}

function faultRuleFrom(body: ControlBody): FaultRule {
  const action = body.action
  if (!isRecord(action)) throw new ControlInputError('action must be an object with a kind')
  const rule: FaultRule = { action: faultActionFrom(action) }
  if (body.match !== undefined) rule.match = faultMatchFrom(body.match)
  for (const key of ['skip', 'times', 'probability', 'seed'] as const) {
    if (body[key] !== undefined) rule[key] = numberIn(body, key)
  }
  return rule
}

function faultActionFrom(action: Record<string, unknown>): FaultAction {
  switch (action.kind) {
    case 'reset':
      return action.afterBytes === undefined ? { kind: 'reset' } : { kind: 'reset', afterBytes: numberIn(action, 'afterBytes') }
    case 'http': {
      const status = numberIn(action, 'status')
      if (status !== 413 && status !== 429 && status !== 500 && status !== 502 && status !== 503 && status !== 504) {
        throw new ControlInputError('http status must be one of 413, 429, 500, 502, 503, 504')
      }
      const fault: FaultAction = { kind: 'http', status }
      if (action.body !== undefined) fault.body = stringIn(action, 'body')
      if (action.retryAfterSeconds !== undefined) fault.retryAfterSeconds = numberIn(action, 'retryAfterSeconds')
      return fault
    }
    case 'stall':
      return { kind: 'stall' }
    case 'dropReply':
      return { kind: 'dropReply' }
    case 'delay':
      return { kind: 'delay', ms: numberIn(action, 'ms') }
    default:
      throw new ControlInputError('action.kind must be reset, http, stall, dropReply or delay')
  }
}

function faultMatchFrom(match: unknown): FaultMatch {
  if (!isRecord(match)) throw new ControlInputError('match must be an object')
  const result: FaultMatch = {}
  if (match.service !== undefined) result.service = stringIn(match, 'service')
  if (match.action !== undefined) result.action = stringIn(match, 'action')
  if (match.uploadTokenId !== undefined) result.uploadTokenId = stringIn(match, 'uploadTokenId')
  if (match.finalChunk !== undefined) {
    if (typeof match.finalChunk !== 'boolean') throw new ControlInputError('match.finalChunk must be a boolean')
    result.finalChunk = match.finalChunk
  }
  return result
}

function appTokenSpecFrom(body: ControlBody): AppTokenSpec {
  const spec: AppTokenSpec = {}
  for (const key of ['token', 'sessionPrivileges', 'sessionUserId'] as const) if (body[key] !== undefined) spec[key] = stringIn(body, key)
  for (const key of ['sessionDuration', 'expiry', 'partnerId'] as const) if (body[key] !== undefined) spec[key] = numberIn(body, key)
  const { hashType, status, sessionType } = body
  if (hashType !== undefined) {
    if (hashType !== 'SHA1' && hashType !== 'MD5' && hashType !== 'SHA256' && hashType !== 'SHA512') throw new ControlInputError('hashType must be SHA1, MD5, SHA256 or SHA512')
    spec.hashType = hashType
  }
  if (status !== undefined) {
    if (status !== 'active' && status !== 'disabled') throw new ControlInputError('status must be active or disabled')
    spec.status = status
  }
  if (sessionType !== undefined) {
    if (sessionType !== 0 && sessionType !== 2) throw new ControlInputError('sessionType must be 0 or 2')
    spec.sessionType = sessionType
  }
  return spec
}

function knownAppToken(server: KalturaTestServer, body: ControlBody): string {
  const id = stringIn(body, 'id')
  if ((server.appTokens.get(id)?.status ?? 3) === 3) throw new ControlInputError(`no app token ${id}`)
  return id
}

function numberIn(body: Record<string, unknown>, key: string): number {
  const value = body[key]
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof number !== 'number' || Number.isNaN(number)) throw new ControlInputError(`${key} must be a number`)
  return number
}

function booleanIn(body: Record<string, unknown>, key: string): boolean {
  const value = body[key]
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw new ControlInputError(`${key} must be true or false`)
}

function stringIn(body: Record<string, unknown>, key: string): string {
  const value = body[key]
  if (typeof value !== 'string') throw new ControlInputError(`${key} must be a string`)
  return value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) })
  res.end(text)
}
