// media.add / addContent / get / update / delete (protocol §4) and how an entry looks on the wire; media.list is in
// mediaList.ts.
import type { Session } from './authentication'
import { advanceProcessing, attachUnfinishedToken, deliverTokenToEntry, ENTRY_STATUS, randomEntryLikeId } from './entryContent'
import { KalturaApiError } from './errors'
import { readEnumInt, readString, readTree, type ParamTree } from './params'
import type { JsonObject } from './responses'
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
    moderationStatus: entry.moderationStatus ?? 6,
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
  // The length is checked first (KalturaBaseEntry.php:596), the permission after it (KalturaObject.php:736-746).
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
    referenceId: ctx.entryIndex.mayWriteReferenceId(session) ? referenceId : undefined,
    userId: nonEmpty(userId),
    mediaType: mediaType.value,
    status: ENTRY_STATUS.noContent,
    moderationStatus: ctx.entryIndex.newModerationStatus(),
    createdAt: now,
    updatedAt: now,
    getCallsSinceContent: 0
  }
  ctx.store.entries.set(entry.id, entry)
  ctx.entryIndex.created(entry.id)
  await ctx.store.saveEntry(entry)
  return entryView(entry)
}

export async function addContent(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const entry = visibleEntry(ctx, session, requireParam(params, 'entryId'))
  requireOwner(session, entry)
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

/**
 * media.update with tags and referenceId (other fields are ignored). Unknown or deleted entry → ENTRY_ID_NOT_FOUND
 * (MediaService.php:758-771, KalturaEntryService.php:1683-1686). A field set to its current value is skipped; a
 * changed one the session may not update is dropped silently (KalturaObject.php:772-801): tags need
 * CONTENT_MANAGE_METADATA, CONTENT_MODERATE_METADATA or a user session's permission.
 */
export async function updateEntry(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const entryId = requireParam(params, 'entryId')
  const input = readTree(params, 'mediaEntry')
  if (!input) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'mediaEntry' })
  const entry = visibleEntry(ctx, session, entryId)
  requireOwner(session, entry)
  for (const field of READONLY_ENTRY_FIELDS) {
    if (input[field] !== undefined && input[field] !== null) {
      throw new KalturaApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', { PROP_NAME: `KalturaMediaEntry::${field}` })
    }
  }
  const tags = readString(input, 'tags')
  if (tags !== undefined && tags !== (entry.tags ?? '') && ctx.entryIndex.mayUpdateTags(session)) entry.tags = nonEmpty(tags)
  const referenceId = readString(input, 'referenceId')
  if (referenceId !== undefined && referenceId.length < 2) {
    throw new KalturaApiError('PROPERTY_VALIDATION_MIN_LENGTH', { PROP_NAME: 'KalturaMediaEntry::referenceId', MIN_LEN: '2' })
  }
  if (referenceId !== undefined && ctx.entryIndex.mayWriteReferenceId(session)) entry.referenceId = referenceId
  entry.updatedAt = ctx.clock.nowSeconds()
  await ctx.store.saveEntry(entry)
  return entryView(entry)
}

export async function deleteEntry(ctx: ServerContext, session: Session, params: ParamTree): Promise<null> {
  const entry = visibleEntry(ctx, session, requireParam(params, 'entryId'))
  entry.status = ENTRY_STATUS.deleted
  entry.updatedAt = ctx.clock.nowSeconds()
  await ctx.store.saveEntry(entry)
  return null
}

function visibleEntry(ctx: ServerContext, session: Session, entryId: string): EntryRecord {
  const entry = ctx.store.entries.get(entryId)
  if (!entry || entry.partnerId !== session.partnerId || entry.status === ENTRY_STATUS.deleted) {
    throw new KalturaApiError('ENTRY_ID_NOT_FOUND', { ENTRY_ID: entryId })
  }
  return entry
}

/** A USER KS may change only its own entries (the actions' @validateUser entry entryId edit). */
function requireOwner(session: Session, entry: EntryRecord): void {
  if (session.type === 0 && (entry.userId ?? '') !== session.userId) {
    throw new KalturaApiError('INVALID_KS', { KSID: '', ERR_CODE: '-4', ERR_DESC: 'INVALID_TYPE' })
  }
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
