// captionAsset.add / setContent / get / list as CaptionAssetService does them (plugins/content/caption/base/services/
// CaptionAssetService.php), with content from an upload token (KalturaUploadedFileTokenResource) only.
import { createHash } from 'node:crypto'
import { open, writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { KALTURA_LANGUAGES } from '../../src/main/intake/kalturaLanguages'
import type { Session } from './authentication'
import type { CaptionRecord } from './catalogStore'
import { ENTRY_STATUS, randomEntryLikeId } from './entryContent'
import { KalturaApiError } from './errors'
import { pageOf, readEnumInt, readInt, readList, readString, readTree, type ParamTree } from './params'
import type { JsonObject, JsonValue } from './responses'
import type { ServerContext } from './serverContext'
import type { EntryRecord, TokenRecord } from './store'
import { requireParam, TOKEN_STATUS, visibleToken } from './uploadTokens'

/** KalturaAssetStatus (api_v3/lib/types/enums/KalturaAssetStatus.php). */
export const CAPTION_STATUS = { error: -1, queued: 0, ready: 2, deleted: 3, importing: 7 } as const
/** CaptionType (plugins/content/caption/base/lib/model/enums/CaptionType.php): SRT 1, DFXP 2, WEBVTT 3, CAP 4, SCC 5. */
const CAPTION_TYPES = [1, 2, 3, 4, 5]
const FORMAT_EXTENSIONS: Readonly<Record<number, string>> = { 1: 'srt', 2: 'xml', 3: 'vtt', 4: 'cap', 5: 'scc' }
/** KalturaAsset / KalturaCaptionAsset properties marked @readonly. */
const READONLY_CAPTION_FIELDS = ['id', 'entryId', 'partnerId', 'version', 'size', 'createdAt', 'updatedAt', 'deletedAt', 'description', 'sizeInBytes', 'languageCode', 'status']
/** Caption assets only hang off video and audio entries (CaptionAssetService.php:90, :143). */
const CAPTIONED_MEDIA_TYPES = [1, 5]

export function captionView(caption: CaptionRecord): JsonObject {
  const language = KALTURA_LANGUAGES.find((candidate) => candidate.value === caption.language)
  return {
    id: caption.id,
    entryId: caption.entryId,
    partnerId: caption.partnerId,
    version: String(caption.version),
    size: caption.size,
    tags: caption.tags,
    fileExt: caption.fileExt,
    createdAt: caption.createdAt,
    updatedAt: caption.updatedAt,
    sizeInBytes: caption.size,
    language: caption.language,
    // strtolower(languageCodeManager::getLanguageKey(language)) (KalturaCaptionAsset.php:128-138).
    languageCode: language?.codes[0]?.replace('-', '_'),
    isDefault: caption.isDefault ? 1 : 0,
    label: caption.label,
    // container_format is a VARCHAR column, hydrated as a string (Baseasset.php hydrate).
    format: String(caption.format),
    status: caption.status,
    displayOnPlayer: true,
    objectType: 'KalturaCaptionAsset'
  }
}

export async function addCaption(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const entryId = requireParam(params, 'entryId')
  const input = readTree(params, 'captionAsset')
  if (!input) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'captionAsset' })
  // The deserializer checks enums first (KalturaRequestDeserializer.php:363-392); string enums compare exactly.
  const language = readString(input, 'language')
  if (language !== undefined && !KALTURA_LANGUAGES.some((candidate) => candidate.value === language)) {
    throw new KalturaApiError('INVALID_ENUM_VALUE', { ENUM_VAL: language, PARAM_NAME: 'language', ENUM_TYPE: 'KalturaLanguage' })
  }
  const format = readEnumInt(input, 'format')
  if (format.present && (format.value === undefined || !CAPTION_TYPES.includes(format.value))) {
    throw new KalturaApiError('INVALID_ENUM_VALUE', { ENUM_VAL: format.raw, PARAM_NAME: 'format', ENUM_TYPE: 'KalturaCaptionType' })
  }
  const isDefault = readEnumInt(input, 'isDefault')
  if (isDefault.present && isDefault.raw !== '' && (isDefault.value === undefined || ![-1, 0, 1].includes(isDefault.value))) {
    throw new KalturaApiError('INVALID_ENUM_VALUE', { ENUM_VAL: isDefault.raw, PARAM_NAME: 'isDefault', ENUM_TYPE: 'KalturaNullableBoolean' })
  }
  const entry = captionedEntry(ctx, session, entryId)
  for (const field of READONLY_CAPTION_FIELDS) {
    if (input[field] !== undefined && input[field] !== null) {
      throw new KalturaApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', { PROP_NAME: `KalturaCaptionAsset::${field}` })
    }
  }
  const now = ctx.clock.nowSeconds()
  const caption: CaptionRecord = {
    id: uniqueCaptionId(ctx),
    entryId: entry.id,
    partnerId: entry.partnerId,
    language,
    label: readString(input, 'label'),
    isDefault: isDefault.present && isDefault.value === 1,
    // No format given: SRT (KalturaCaptionAsset.php:151-155).
    format: format.present && format.value !== undefined ? format.value : 1,
    status: CAPTION_STATUS.queued,
    version: 0,
    tags: readString(input, 'tags'),
    createdAt: now,
    updatedAt: now,
    seq: ctx.catalog.takeSeq()
  }
  ctx.catalog.captions.set(caption.id, caption)
  await ctx.catalog.saveCaption(caption)
  return captionView(caption)
}

/**
 * setContent with a KalturaUploadedFileTokenResource (CaptionAssetService.php:134-194, KalturaUploadedFileTokenResource.php):
 * a FULL token's file becomes the asset's content at once (READY, or ERROR when it does not parse) and the token closes;
 * any other token is attached and the asset waits in IMPORTING.
 */
export async function setCaptionContent(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const id = requireParam(params, 'id')
  const resource = readTree(params, 'contentResource')
  if (!resource) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'contentResource' })
  const objectType = readString(resource, 'objectType') ?? ''
  if (objectType === '' || objectType === 'KalturaContentResource') throw new KalturaApiError('OBJECT_TYPE_ABSTRACT', { OBJ_TYPE: 'KalturaContentResource' })
  const caption = visibleCaption(ctx, session, id)
  captionedEntry(ctx, session, caption.entryId)
  if (objectType !== 'KalturaUploadedFileTokenResource') throw new KalturaApiError('RESOURCE_TYPE_NOT_SUPPORTED', { RES_TYPE: objectType })
  const tokenId = readString(resource, 'token') ?? ''
  if (tokenId === '') throw new KalturaApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaUploadedFileTokenResource::token' })
  return ctx.tokenLocks.run(tokenId, async () => {
    const token = visibleToken(ctx, session, tokenId)
    if (token.status === TOKEN_STATUS.full) {
      await takeTokenContent(ctx, caption, token)
    } else {
      caption.status = CAPTION_STATUS.importing
      caption.tokenId = token.id
      caption.updatedAt = ctx.clock.nowSeconds()
      token.attachedObjectType = 'CaptionAsset'
      token.attachedObjectId = caption.id
      await Promise.all([ctx.catalog.saveCaption(caption), ctx.store.saveToken(token)])
    }
    return captionView(caption)
  })
}

export async function getCaption(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const caption = visibleCaption(ctx, session, requireParam(params, 'captionAssetId'))
  await finishImport(ctx, caption)
  return captionView(caption)
}

/** KalturaCaptionAssetFilter::getTypeListResponse (KalturaCaptionAssetFilter.php:24-37): an entry filter is required. */
export async function listCaptions(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const filter = readTree(params, 'filter') ?? {}
  const pager = readTree(params, 'pager') ?? {}
  const entryIdEqual = readString(filter, 'entryIdEqual')
  const entryIdIn = readList(filter, 'entryIdIn')
  if (!entryIdEqual && (!entryIdIn || entryIdIn.length === 0)) {
    throw new KalturaApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaCaptionAssetFilter::entryIdEqual/KalturaCaptionAssetFilter::entryIdIn' })
  }
  const entryIds = entryIdEqual ? [entryIdEqual] : (entryIdIn ?? [])
  const statusEqual = readInt(filter, 'statusEqual')
  const matching = [...ctx.catalog.captions.values()]
    .filter(
      (c) =>
        c.partnerId === session.partnerId &&
        entryIds.includes(c.entryId) &&
        c.status !== CAPTION_STATUS.deleted &&
        (statusEqual === undefined || c.status === statusEqual)
    )
    .sort((a, b) => a.seq - b.seq)
  for (const caption of matching) await finishImport(ctx, caption)
  const objects: JsonValue[] = pageOf(matching, pager).map(captionView)
  return { objects, totalCount: matching.length, objectType: 'KalturaCaptionAssetListResponse' }
}

/** The stored content of a caption asset, for tests that check it byte for byte. */
export function captionContentPath(ctx: ServerContext, captionId: string): string | undefined {
  const caption = ctx.catalog.captions.get(captionId)
  return caption?.sha256 === undefined ? undefined : ctx.catalog.captionContentPath(captionId)
}

/** An attached token that has since become FULL hands its file over when the asset is next read (see README). */
async function finishImport(ctx: ServerContext, caption: CaptionRecord): Promise<void> {
  if (caption.status !== CAPTION_STATUS.importing || caption.tokenId === undefined) return
  const token = ctx.store.tokens.get(caption.tokenId)
  if (token?.status !== TOKEN_STATUS.full) return
  await ctx.tokenLocks.run(token.id, async () => {
    if (token.status === TOKEN_STATUS.full && caption.status === CAPTION_STATUS.importing) await takeTokenContent(ctx, caption, token)
  })
}

/** attachFile (CaptionAssetService.php:234-289) then entryHandled closes the token (KalturaUploadedFileTokenResource.php:43-53). */
async function takeTokenContent(ctx: ServerContext, caption: CaptionRecord, token: TokenRecord): Promise<void> {
  const content = await readPrefix(ctx.contents.dataPath(token.id), token.dataLength)
  await writeFile(ctx.catalog.captionContentPath(caption.id), content)
  const extension = extname(token.fileName ?? '').slice(1)
  caption.fileExt = extension === '' ? FORMAT_EXTENSIONS[caption.format] : extension
  caption.size = content.length
  caption.sha256 = createHash('sha256').update(content).digest('hex')
  caption.version += 1
  // CaptionAsset::preUpdate: a READY asset whose content does not parse turns ERROR (CaptionAsset.php:114-124).
  caption.status = contentParses(caption.format, content) ? CAPTION_STATUS.ready : CAPTION_STATUS.error
  caption.tokenId = undefined
  caption.updatedAt = ctx.clock.nowSeconds()
  token.status = TOKEN_STATUS.closed
  token.updatedAt = caption.updatedAt
  await Promise.all([ctx.catalog.saveCaption(caption), ctx.store.saveToken(token)])
}

/**
 * The parsers' verdicts, simplified: SRT needs one "index, start --> end" cue (srtCaptionsContentManager::parse), WebVTT
 * a "WEBVTT" header (webVttCaptionsContentManager::validateWebVttHeader) and one cue. Other formats are not checked here.
 */
function contentParses(format: number, content: Buffer): boolean {
  const text = content.toString('utf8')
  const time = String.raw`\d{1,2}:\d{1,2}:\d{1,2}[,.]\d{1,3}`
  if (format === 1) return new RegExp(String.raw`\d+\s*\r?\n\s*${time}\s*-->\s*${time}`).test(text)
  if (format === 3) {
    return /^(\uFEFF)?WEBVTT([ \t][^\n]*)?\r?\n/.test(text) && new RegExp(String.raw`(\d{1,2}:)?\d{2}:\d{2}\.\d{3}\s*-->`).test(text)
  }
  return true
}

function captionedEntry(ctx: ServerContext, session: Session, entryId: string): EntryRecord {
  const entry = ctx.store.entries.get(entryId)
  if (!entry || entry.partnerId !== session.partnerId || entry.status === ENTRY_STATUS.deleted || !CAPTIONED_MEDIA_TYPES.includes(entry.mediaType)) {
    throw new KalturaApiError('ENTRY_ID_NOT_FOUND', { ENTRY_ID: entryId })
  }
  return entry
}

function visibleCaption(ctx: ServerContext, session: Session, id: string): CaptionRecord {
  const caption = ctx.catalog.captions.get(id)
  if (!caption || caption.partnerId !== session.partnerId || caption.status === CAPTION_STATUS.deleted) {
    throw new KalturaApiError('CAPTION_ASSET_ID_NOT_FOUND', { ASSET_ID: id })
  }
  return caption
}

function uniqueCaptionId(ctx: ServerContext): string {
  for (;;) {
    const id = `0_${randomEntryLikeId()}`
    if (!ctx.catalog.captions.has(id) && !ctx.store.entries.has(id)) return id
  }
}

async function readPrefix(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
