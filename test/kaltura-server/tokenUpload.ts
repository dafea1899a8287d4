// uploadToken.upload (§3.4): checks in the real order, replace / append / write-at / park, and the verified-final wait.
import type { Session } from './authentication'
import { deliverIfAttached } from './entryContent'
import { KalturaApiError } from './errors'
import { readBool, readFloat, type ParamTree } from './params'
import type { JsonObject } from './responses'
import type { ServerContext } from './serverContext'
import type { TokenRecord } from './store'
import type { StoredPart } from './tokenContent'
import { loadedFrom, saveAsPropelWould, writeChunkUnlocked } from './unlockedWrites'
import { checkMinimumChunk } from './uploadModes'
import { requireParam, TOKEN_STATUS, tokenView, visibleToken } from './uploadTokens'

/** What arrived under the `fileData` name: a real file part, a plain form field, a part PHP refused (over
 * upload_max_filesize: no temp file), or nothing. */
export type FileData = { kind: 'file'; part: StoredPart; filename?: string } | { kind: 'field' } | { kind: 'refused' } | undefined

/** Non-final chunk requests merge at most this many adjacent parked chunks first (S-UTM). */
const ADJACENT_MERGES_PER_REQUEST = 10

type FirstPass = { kind: 'replied'; reply: JsonObject } | { kind: 'awaitFinal'; expected: number }

export async function uploadToToken(ctx: ServerContext, session: Session, params: ParamTree, fileData: FileData): Promise<JsonObject> {
  const tokenId = requireParam(params, 'uploadTokenId')
  const request = {
    resume: readBool(params, 'resume', false),
    finalChunk: readBool(params, 'finalChunk', true),
    resumeAt: readFloat(params, 'resumeAt', -1)
  }
  // Real Kaltura locks only the closure to FULL (kUploadTokenMgr.php:196-200); unlocked mode lets requests interleave.
  const store = (): Promise<FirstPass> => storePart(ctx, session, tokenId, request, fileData)
  const first = ctx.modes.unlockedWrites ? await store() : await ctx.tokenLocks.run(tokenId, store)
  if (first.kind === 'replied') return first.reply
  return awaitVerifiedFinal(ctx, session, tokenId, first.expected)
}

async function storePart(
  ctx: ServerContext,
  session: Session,
  tokenId: string,
  request: { resume: boolean; finalChunk: boolean; resumeAt: number },
  fileData: FileData
): Promise<FirstPass> {
  const token = visibleToken(ctx, session, tokenId)
  const now = ctx.clock.nowSeconds()
  const maxResume = ctx.settings.maxResumeSeconds
  if (token.status === TOKEN_STATUS.partial && token.updatedAt < now - maxResume) {
    throw new KalturaApiError('UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED', { MAX_RESUME_TIME: String(maxResume) })
  }
  if (token.status !== TOKEN_STATUS.pending && token.status !== TOKEN_STATUS.partial) {
    throw new KalturaApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD')
  }
  if (!fileData) throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'fileData' })
  if (fileData.kind !== 'file') throw new KalturaApiError('UPLOAD_ERROR')
  if (!token.fileName && fileData.filename) {
    // Saved before the remaining checks, so it sticks even when this call fails (S-UTM updateFileName).
    token.fileName = fileData.filename
    await ctx.store.saveToken(token)
  }
  const { resume, finalChunk, resumeAt } = request
  if (fileData.filename === undefined) {
    // A part that fails validation on a non-resume final upload fails the whole token (S-UTM → handleUploadFailed).
    if (!resume && finalChunk) {
      token.status = TOKEN_STATUS.deleted
      token.updatedAt = now
      await ctx.store.saveToken(token)
    }
    throw new KalturaApiError('UPLOAD_ERROR')
  }

  const part = fileData.part
  if (part.length === 0 && !finalChunk && resumeAt > 0) return { kind: 'replied', reply: tokenView(token) }
  checkMinimumChunk(ctx.modes, finalChunk, part.length)
  const offset = Math.floor(resumeAt)

  if (!resume) {
    await ctx.contents.replace(token, part)
  } else if (token.status === TOKEN_STATUS.pending) {
    throw new KalturaApiError('UPLOAD_TOKEN_CANNOT_RESUME')
  } else if (resumeAt < 0) {
    await ctx.contents.writeAt(token, part, token.dataLength)
  } else if (!finalChunk && ctx.modes.unlockedWrites) {
    const loaded = loadedFrom(token)
    const reported = await writeChunkUnlocked(ctx, token, part, offset)
    saveAsPropelWould(token, loaded, TOKEN_STATUS.partial, reported)
    token.updatedAt = ctx.clock.nowSeconds()
    await ctx.store.saveToken(token)
    ctx.tokenSignals.bump(tokenId)
    // The reply is this request's own object (UploadTokenService.php:129-131): its status and its size.
    return { kind: 'replied', reply: { ...tokenView(token, 'number'), status: TOKEN_STATUS.partial, uploadedFileSize: reported } }
  } else if (!finalChunk || offset === 0) {
    await ctx.contents.mergeAdjacent(token, ADJACENT_MERGES_PER_REQUEST)
    if (offset <= token.dataLength && token.dataLength < offset + part.length) await ctx.contents.writeAt(token, part, offset)
    else await ctx.contents.park(token, part, offset)
  } else {
    await ctx.contents.park(token, part, offset)
    await ctx.store.saveToken(token)
    ctx.tokenSignals.bump(tokenId)
    return { kind: 'awaitFinal', expected: offset + part.length }
  }
  await commit(ctx, token, finalChunk ? TOKEN_STATUS.full : TOKEN_STATUS.partial, token.dataLength)
  ctx.tokenSignals.bump(tokenId)
  return { kind: 'replied', reply: tokenView(token, 'number') }
}

/** Verified final (finalChunk with resumeAt > 0): merge parked chunks as they arrive until the size matches or time runs out. */
async function awaitVerifiedFinal(ctx: ServerContext, session: Session, tokenId: string, expected: number): Promise<JsonObject> {
  const deadline = Date.now() + ctx.settings.finalChunkWaitMs
  for (;;) {
    const pass = await ctx.tokenLocks.run(tokenId, async () => {
      const token = visibleToken(ctx, session, tokenId)
      // Re-read under the lock: a final that raced this one may have finished the token already (PLAT-23830).
      if (token.status !== TOKEN_STATUS.partial) throw new KalturaApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD')
      await ctx.contents.mergeOverlapping(token)
      if (token.dataLength === expected) {
        await commit(ctx, token, TOKEN_STATUS.full, expected)
        return { reply: tokenView(token, 'number') }
      }
      // The size reported to clients stays as it was; only the assembled bytes are saved.
      await ctx.store.saveToken(token)
      return { seen: ctx.tokenSignals.version(tokenId) }
    })
    if (pass.reply !== undefined) return pass.reply
    const remaining = deadline - Date.now()
    if (remaining <= 0 || ctx.shutdown.signal.aborted) throw new KalturaApiError('UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE')
    await ctx.tokenSignals.wait(tokenId, pass.seen, remaining, ctx.shutdown.signal)
  }
}

async function commit(ctx: ServerContext, token: TokenRecord, status: number, uploadedFileSize: number): Promise<void> {
  token.status = status
  token.uploadedFileSize = uploadedFileSize
  token.updatedAt = ctx.clock.nowSeconds()
  await ctx.store.saveToken(token)
  await deliverIfAttached(ctx, token)
}
