// uploadToken.add / get / list / delete (protocol §3.1–3.5) and how a token looks on the wire.
import { randomBytes } from 'node:crypto'
import type { Session } from './authentication'
import { KalturaApiError } from './errors'
import { pageOf, readEnumInt, readFloat, readInt, readList, readString, readTree, type ParamTree } from './params'
import type { JsonObject, JsonValue } from './responses'
import type { ServerContext } from './serverContext'
import type { TokenRecord } from './store'

export const TOKEN_STATUS = { pending: 0, partial: 1, full: 2, closed: 3, deleted: 5 } as const

const READONLY_TOKEN_FIELDS = [
  'id', 'status', 'uploadedFileSize', 'partnerId', 'userId', 'createdAt', 'updatedAt', 'uploadUrl', 'attachedObjectType', 'attachedObjectId'
]

/**
 * The API object. BIGINT columns read back from the DB are PHP strings; only the upload response, which sets
 * uploadedFileSize from an integer without reloading, carries it as a number (§1.4).
 */
export function tokenView(token: TokenRecord, uploadedFileSizeAs: 'string' | 'number' = 'string'): JsonObject {
  return {
    id: token.id,
    partnerId: token.partnerId,
    userId: token.userId === '' ? undefined : token.userId,
    status: token.status,
    fileName: token.fileName,
    fileSize: token.fileSize === undefined ? undefined : String(Math.floor(token.fileSize)),
    uploadedFileSize:
      token.uploadedFileSize === undefined
        ? undefined
        : uploadedFileSizeAs === 'number'
          ? token.uploadedFileSize
          : String(token.uploadedFileSize),
    createdAt: token.createdAt,
    updatedAt: token.updatedAt,
    attachedObjectType: token.attachedObjectType,
    attachedObjectId: token.attachedObjectId,
    objectType: 'KalturaUploadToken'
  }
}

/** The token as this session may see it: same partner, not deleted, and for a USER KS only its own. */
export function visibleToken(ctx: ServerContext, session: Session, tokenId: string): TokenRecord {
  const token = ctx.store.tokens.get(tokenId)
  if (!token || !isVisible(token, session)) throw new KalturaApiError('UPLOAD_TOKEN_NOT_FOUND')
  return token
}

export function requireParam(params: ParamTree, name: string): string {
  const value = readString(params, name)
  if (value === undefined || value === '') throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: name })
  return value
}

export async function addToken(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const input = readTree(params, 'uploadToken') ?? {}
  for (const field of READONLY_TOKEN_FIELDS) {
    if (input[field] !== undefined && input[field] !== null) {
      throw new KalturaApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', { PROP_NAME: `KalturaUploadToken::${field}` })
    }
  }
  const autoFinalize = readEnumInt(input, 'autoFinalize')
  if (autoFinalize.present && (autoFinalize.value === undefined || ![-1, 0, 1].includes(autoFinalize.value))) {
    throw new KalturaApiError('INVALID_ENUM_VALUE', {
      ENUM_VAL: autoFinalize.raw,
      PARAM_NAME: 'autoFinalize',
      ENUM_TYPE: 'KalturaNullableBoolean'
    })
  }
  const fileSize = input.fileSize === undefined || input.fileSize === null ? undefined : readFloat(input, 'fileSize', 0)
  const wantsAutoFinalize = autoFinalize.present && autoFinalize.value === 1
  if (wantsAutoFinalize && fileSize === undefined) throw new KalturaApiError('UPLOAD_TOKEN_MISSING_FILE_SIZE')
  const now = ctx.clock.nowSeconds()
  const fileName = readString(input, 'fileName')
  const token: TokenRecord = {
    id: `0_${randomBytes(16).toString('hex')}`,
    partnerId: session.partnerId,
    userId: session.userId,
    status: TOKEN_STATUS.pending,
    fileName: fileName === '' ? undefined : fileName,
    fileSize,
    autoFinalize: wantsAutoFinalize || undefined,
    dataLength: 0,
    createdAt: now,
    updatedAt: now,
    seq: ctx.store.takeSeq(),
    bytesReceived: 0,
    uploadRequests: 0
  }
  ctx.store.tokens.set(token.id, token)
  await ctx.store.createTokenDir(token.id)
  await ctx.store.saveToken(token)
  return tokenView(token)
}

export async function getToken(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  return tokenView(visibleToken(ctx, session, requireParam(params, 'uploadTokenId')))
}

export async function deleteToken(ctx: ServerContext, session: Session, params: ParamTree): Promise<null> {
  const tokenId = requireParam(params, 'uploadTokenId')
  return ctx.tokenLocks.run(tokenId, async () => {
    const token = visibleToken(ctx, session, tokenId)
    token.status = TOKEN_STATUS.deleted
    token.updatedAt = ctx.clock.nowSeconds()
    await ctx.store.saveToken(token)
    return null
  })
}

export async function listTokens(ctx: ServerContext, session: Session, params: ParamTree): Promise<JsonObject> {
  const filter = readTree(params, 'filter') ?? {}
  const pager = readTree(params, 'pager') ?? {}
  const keep = tokenFilter(ctx, filter)
  let matching = [...ctx.store.tokens.values()].filter((token) => isVisible(token, session) && keep(token))
  const orderBy = readString(filter, 'orderBy')
  if (orderBy === '-createdAt') matching = matching.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
  else if (orderBy === '+createdAt') matching = matching.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
  const page = pageOf(matching, pager)
  const objects: JsonValue[] = page.map((token) => tokenView(token))
  return { objects, totalCount: matching.length, objectType: 'KalturaUploadTokenListResponse' }
}

function tokenFilter(ctx: ServerContext, filter: ParamTree): (token: TokenRecord) => boolean {
  const idEqual = readString(filter, 'idEqual')
  const idIn = readList(filter, 'idIn')
  const userIdEqual = readString(filter, 'userIdEqual')
  const statusEqual = readInt(filter, 'statusEqual')
  const fileNameEqual = readString(filter, 'fileNameEqual')
  const fileSizeEqual = filter.fileSizeEqual === undefined ? undefined : readFloat(filter, 'fileSizeEqual', 0)
  let statusIn = readList(filter, 'statusIn')?.map(Number)
  // fileNameEqual without a status filter means "resumable candidates" (S-UTS listAction).
  if (fileNameEqual !== undefined && statusEqual === undefined && statusIn === undefined) statusIn = [0, 1, 2]
  const resumeHorizon = ctx.clock.nowSeconds() - ctx.settings.maxResumeSeconds
  return (token) =>
    (idEqual === undefined || token.id === idEqual) &&
    (idIn === undefined || idIn.includes(token.id)) &&
    (userIdEqual === undefined || token.userId === userIdEqual) &&
    (statusEqual === undefined || token.status === statusEqual) &&
    (statusIn === undefined || statusIn.includes(token.status)) &&
    (fileNameEqual === undefined || token.fileName === fileNameEqual) &&
    (fileSizeEqual === undefined || token.fileSize === fileSizeEqual) &&
    !(fileNameEqual !== undefined && statusEqual === TOKEN_STATUS.partial && token.updatedAt < resumeHorizon)
}

function isVisible(token: TokenRecord, session: Session): boolean {
  return (
    token.status !== TOKEN_STATUS.deleted &&
    token.partnerId === session.partnerId &&
    (session.type !== 0 || token.userId === session.userId)
  )
}

