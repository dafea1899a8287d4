// Checks Kaltura's JSON results at the border and turns them into typed objects; numbers may arrive as numeric strings.
import {
  EntryStatus,
  UploadTokenStatus,
  type MediaEntry,
  type MediaEntryList,
  type UploadToken,
  type UploadTokenList
} from './model'

/** The result did not have the shape the action promises; the transport turns this into a 'bad-response' error. */
export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError'
}

export type Fields = Record<string, unknown>

const NUMERIC_STRING = /^\s*-?\d+(\.\d+)?\s*$/
const uploadTokenStatuses: ReadonlySet<number> = new Set(Object.values(UploadTokenStatus))
const entryStatuses: ReadonlySet<number> = new Set(Object.values(EntryStatus))

export function decodeUploadToken(data: unknown): UploadToken {
  const o = object(data, 'upload token')
  const status = requiredNumber(o, 'status', 'upload token')
  if (!uploadTokenStatuses.has(status)) throw new ResponseShapeError(`upload token status ${status} is not known`)
  return withoutUndefined({
    id: requiredString(o, 'id', 'upload token'),
    status: status as UploadTokenStatus,
    partnerId: optionalNumber(o, 'partnerId', 'upload token'),
    userId: optionalString(o, 'userId', 'upload token'),
    fileName: optionalString(o, 'fileName', 'upload token'),
    fileSize: optionalNumber(o, 'fileSize', 'upload token'),
    uploadedFileSize: optionalNumber(o, 'uploadedFileSize', 'upload token'),
    createdAt: optionalNumber(o, 'createdAt', 'upload token'),
    updatedAt: optionalNumber(o, 'updatedAt', 'upload token'),
    attachedObjectType: optionalString(o, 'attachedObjectType', 'upload token'),
    attachedObjectId: optionalString(o, 'attachedObjectId', 'upload token'),
    uploadUrl: optionalString(o, 'uploadUrl', 'upload token')
  })
}

export function decodeUploadTokenList(data: unknown): UploadTokenList {
  return listOf(data, decodeUploadToken, 'upload token list')
}

export function decodeMediaEntryList(data: unknown): MediaEntryList {
  return listOf(data, decodeMediaEntry, 'media entry list')
}

/** {objects, totalCount}; objects is omitted when empty (null properties are not serialized). */
export function listOf<T>(data: unknown, decodeItem: (item: unknown) => T, what: string): { objects: T[]; totalCount: number } {
  const o = object(data, what)
  const objects = o['objects'] ?? []
  if (!Array.isArray(objects)) throw new ResponseShapeError(`${what}: objects is not an array`)
  return { objects: objects.map(decodeItem), totalCount: requiredNumber(o, 'totalCount', what) }
}

export function decodeMediaEntry(data: unknown): MediaEntry {
  const o = object(data, 'media entry')
  return withoutUndefined({
    id: requiredString(o, 'id', 'media entry'),
    name: requiredString(o, 'name', 'media entry'),
    status: entryStatus(o['status']),
    mediaType: optionalNumber(o, 'mediaType', 'media entry'),
    type: optionalNumber(o, 'type', 'media entry'),
    partnerId: optionalNumber(o, 'partnerId', 'media entry'),
    userId: optionalString(o, 'userId', 'media entry'),
    description: optionalString(o, 'description', 'media entry'),
    tags: optionalString(o, 'tags', 'media entry'),
    categories: optionalString(o, 'categories', 'media entry'),
    referenceId: optionalString(o, 'referenceId', 'media entry'),
    createdAt: optionalNumber(o, 'createdAt', 'media entry'),
    updatedAt: optionalNumber(o, 'updatedAt', 'media entry')
  })
}

/** session.start answers with the KS as a JSON string. */
export function decodeKs(data: unknown): string {
  if (typeof data !== 'string' || data.length === 0) throw new ResponseShapeError('session: expected a KS string')
  return data
}

/** session.startWidgetSession answers a KalturaStartWidgetSessionResponse; only its KS is needed. */
export function decodeWidgetSession(data: unknown): string {
  return requiredString(object(data, 'widget session'), 'ks', 'widget session')
}

/** appToken.startSession answers a KalturaSessionInfo: the KS and its expiry in Unix seconds. */
export function decodeSessionInfo(data: unknown): { ks: string; expiresAt: number } {
  const o = object(data, 'session info')
  return { ks: requiredString(o, 'ks', 'session info'), expiresAt: requiredNumber(o, 'expiry', 'session info') }
}

/** Void actions (delete) answer with the literal null. */
export function decodeNothing(data: unknown): void {
  if (data !== null) throw new ResponseShapeError('expected null from a void action')
}

/** Known statuses become numbers; plugin values (e.g. "virusScan.Infected") and unknown ones stay as strings. */
function entryStatus(value: unknown): EntryStatus | string {
  const n = numberOrNull(value)
  if (n !== null && entryStatuses.has(n)) return n as EntryStatus
  if (typeof value === 'string' && value.length > 0) return value
  if (n !== null) return String(n)
  throw new ResponseShapeError('media entry: status missing or not a number/string')
}

export function object(data: unknown, what: string): Fields {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ResponseShapeError(`expected a ${what} object, got ${data === null ? 'null' : typeof data}`)
  }
  return data as Fields
}

export function requiredString(o: Fields, key: string, what: string): string {
  const value = optionalString(o, key, what)
  if (value === undefined) throw new ResponseShapeError(`${what}: ${key} missing`)
  return value
}

export function optionalString(o: Fields, key: string, what: string): string | undefined {
  const value = o[key]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  throw new ResponseShapeError(`${what}: ${key} is not a string`)
}

export function requiredNumber(o: Fields, key: string, what: string): number {
  const value = optionalNumber(o, key, what)
  if (value === undefined) throw new ResponseShapeError(`${what}: ${key} missing`)
  return value
}

export function optionalNumber(o: Fields, key: string, what: string): number | undefined {
  const value = o[key]
  if (value === undefined || value === null) return undefined
  const n = numberOrNull(value)
  if (n === null) throw new ResponseShapeError(`${what}: ${key} is not a number`)
  return n
}

function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && NUMERIC_STRING.test(value)) return Number(value)
  return null
}

/** Absent fields stay absent rather than present-but-undefined, so results compare and serialize cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
