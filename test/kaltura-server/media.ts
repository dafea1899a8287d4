// media.add / addContent / get / delete (protocol §4) and how an entry looks on the wire.
import type { Session } from './authentication'
import { advanceProcessing, attachUnfinishedToken, deliverTokenToEntry, ENTRY_STATUS, randomEntryLikeId } from './entryContent'
import { KalturaApiError } from './errors'
import { pageOf, readEnumInt, readInt, readList, readString, readTree, type ParamTree } from './params'
import type { JsonObject, JsonValue } from './responses'
import type { ServerContext } from './serverContext'
import type { EntryRecord } from './store'
import { requireParam, TOKEN_STATUS, visibleToken } from './uploadTokens'

/** KalturaMediaType values (S-ENUMS): video, image, audio, live stream kinds. */
const MEDIA_TYPES = [1, 2, 5, 201, 202, 203, 204]
const READONLY_ENTRY_FIELDS = ['id', 'partnerId', 'status', 'createdAt', 'updatedAt']

export function entryView(entry: EntryRecord): JsonObject {
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    partnerId: entry.partnerId,
    userId: entry.userId,
    tags: entry.tags,
    categories: entry.categories,
    referenceId: entry.referenceId,
    status: entry.status,
    type: 1,
    mediaType: entry.mediaType,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    objectType: 'KalturaMediaEntry'
  }
}

export async function addEntry(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const input = readTree(params, 'entry')
  if (!input) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'entry' })
  const mediaType = readEnumInt(input, 'mediaType')
  if (mediaType.present && (mediaType.value === undefined || !MEDIA_TYPES.includes(mediaType.value))) {
    throw new KalturaApiError('INVALID_ENUM_VALUE', { ENUM_VAL: mediaType.raw, PARAM_NAME: 'mediaType', ENUM_TYPE: 'KalturaMediaType' })
  }
  for (const field of READONLY_ENTRY_FIELDS) {
    if (input[field] !== undefined && input[field] !== null) {
      throw new KalturaApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', { PROP_NAME: `KalturaMediaEntry::${field}` })
    }
  }
  const referenceId = readString(input, 'referenceId')
  if (referenceId !== undefined && referenceId.length < 2) {
    throw new KalturaApiError('PROPERTY_VALIDATION_MIN_LENGTH', { PROP_NAME: 'KalturaMediaEntry::referenceId', MIN_LEN: '2' })
  }
  if (!mediaType.present || mediaType.value === undefined) {
    throw new KalturaApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaMediaEntry::mediaType' })
  }
  const now = ctx.clock.nowSeconds()
  const userId = readString(input, 'userId') ?? session.userId
  const entry: EntryRecord = {
    id: uniqueEntryId(ctx),
    partnerId: session.partnerId,
    name: nonEmpty(readString(input, 'name')) ?? `${session.partnerId}_${now}`,
    description: nonEmpty(readString(input, 'description')),
    tags: nonEmpty(readString(input, 'tags')),
    categories: nonEmpty(readString(input, 'categories')),
    referenceId,
    userId: nonEmpty(userId),
    mediaType: mediaType.value,
    status: ENTRY_STATUS.noContent,
    createdAt: now,
    updatedAt: now,
    getCallsSinceContent: 0
  }
  ctx.store.entries.set(entry.id, entry)
  await ctx.store.saveEntry(entry)
  return entryView(entry)
}

export async function addContent(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const entry = visibleEntry(ctx, session, requireParam(params, 'entryId'))
  if (session.type === 0 && (entry.userId ?? '') !== session.userId) {
    throw new KalturaApiError('INVALID_KS', { KSID: '', ERR_CODE: '-4', ERR_DESC: 'INVALID_TYPE' })
  }
  if (entry.status !== ENTRY_STATUS.noContent) throw new KalturaApiError('ENTRY_ALREADY_WITH_CONTENT')
  const resource = readTree(params, 'resource')
  if (!resource) return entryView(entry)
  const objectType = readString(resource, 'objectType') ?? ''
  if (objectType === '' || objectType === 'KalturaResource') {
    throw new KalturaApiError('OBJECT_TYPE_ABSTRACT', { OBJ_TYPE: 'KalturaResource' })
  }
  if (objectType !== 'KalturaUploadedFileTokenResource') throw new KalturaApiError('RESOURCE_TYPE_NOT_SUPPORTED', { RES_TYPE: objectType })
  const tokenId = readString(resource, 'token') ?? ''
  if (tokenId === '') {
    throw new KalturaApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaUploadedFileTokenResource::token' })
  }
  return ctx.tokenLocks.run(tokenId, async () => {
    const token = visibleToken(ctx, session, tokenId)
    if (entry.status !== ENTRY_STATUS.noContent) throw new KalturaApiError('ENTRY_ALREADY_WITH_CONTENT')
    if (token.status === TOKEN_STATUS.full) {
      await deliverTokenToEntry(ctx, token, entry)
    } else if (token.status === TOKEN_STATUS.closed) {
      // The real server treats a used token as "not ready yet": the entry waits in IMPORT forever (§4.2).
      if (ctx.settings.closedTokenOnAddContent === 'reject') throw new KalturaApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY')
      entry.status = ENTRY_STATUS.import
      entry.updatedAt = ctx.clock.nowSeconds()
      await ctx.store.saveEntry(entry)
    } else {
      await attachUnfinishedToken(ctx, token, entry)
    }
    return entryView(entry)
  })
}

export async function getEntry(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const entry = visibleEntry(ctx, session, requireParam(params, 'entryId'))
  await advanceProcessing(ctx, entry)
  return entryView(entry)
}

export async function deleteEntry(ctx: ServerContext, session: Session, params: ParamTree): Promise<null> {
  const entry = visibleEntry(ctx, session, requireParam(params, 'entryId'))
  entry.status = ENTRY_STATUS.deleted
  entry.updatedAt = ctx.clock.nowSeconds()
  await ctx.store.saveEntry(entry)
  return null
}

/**
 * media.list with the filters the uploader needs (id, referenceId, status). Like the real server, a filter with no
 * status condition and no idEqual lists READY entries only (KalturaBaseEntryFilter's default status).
 */
export async function listEntries(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const filter = readTree(params, 'filter') ?? {}
  const pager = readTree(params, 'pager') ?? {}
  const idEqual = readString(filter, 'idEqual')
  const idIn = readList(filter, 'idIn')
  const referenceIdEqual = readString(filter, 'referenceIdEqual')
  const referenceIdIn = readList(filter, 'referenceIdIn')
  const statusEqual = readInt(filter, 'statusEqual')
  let statusIn = readList(filter, 'statusIn')?.map(Number)
  const statusNotIn = readList(filter, 'statusNotIn')?.map(Number)
  if (idEqual === undefined && statusEqual === undefined && statusIn === undefined && statusNotIn === undefined) statusIn = [ENTRY_STATUS.ready]
  const matching = [...ctx.store.entries.values()]
    .filter(
      (e) =>
        e.partnerId === session.partnerId &&
        (session.type !== 0 || (e.userId ?? '') === session.userId) &&
        (idEqual === undefined || e.id === idEqual) &&
        (idIn === undefined || idIn.includes(e.id)) &&
        (referenceIdEqual === undefined || e.referenceId === referenceIdEqual) &&
        (referenceIdIn === undefined || (e.referenceId !== undefined && referenceIdIn.includes(e.referenceId))) &&
        (statusEqual === undefined || e.status === statusEqual) &&
        (statusIn === undefined || statusIn.includes(e.status)) &&
        (statusNotIn === undefined || !statusNotIn.includes(e.status)) &&
        (e.status !== ENTRY_STATUS.deleted || statusEqual === ENTRY_STATUS.deleted || (statusIn?.includes(ENTRY_STATUS.deleted) ?? false))
    )
    .sort((a, b) => b.createdAt - a.createdAt)
  const objects: JsonValue[] = pageOf(matching, pager).map(entryView)
  return { objects, totalCount: matching.length, objectType: 'KalturaMediaListResponse' }
}

function visibleEntry(ctx: ServerContext, session: Session, entryId: string): EntryRecord {
  const entry = ctx.store.entries.get(entryId)
  if (!entry || entry.partnerId !== session.partnerId || entry.status === ENTRY_STATUS.deleted) {
    throw new KalturaApiError('ENTRY_ID_NOT_FOUND', { ENTRY_ID: entryId })
  }
  return entry
}

function uniqueEntryId(ctx: ServerContext): string {
  for (;;) {
    const id = `0_${randomEntryLikeId()}`
    if (!ctx.store.entries.has(id)) return id
  }
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text
}
