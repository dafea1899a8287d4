// Sends a file's caption files as caption assets of its entry, once the entry exists and its categories are dealt
// with: per caption an upload token holding the file's bytes (one request: caption files are small), captionAsset.add,
// then captionAsset.setContent with the token (CaptionAssetService.php:85-114, :134-194, kaltura/server c447fdb3eb).
// Exactly once across crashes: the intent is journaled before captionAsset.add, and an intent whose answer was never
// read is settled by captionAsset.list, which reads the database, not a lagging index (KalturaCaptionAssetFilter.php:
// 23-37). A caption that cannot be added fails alone, with a notice on the row: the video is never failed for one.
import { basename } from 'node:path'
import { CaptionAssetStatus, CaptionFormat, type CaptionAsset } from '../kaltura/captionService'
import { UploadTokenStatus } from '../kaltura'
import type { Journal } from '../journal/journal'
import type { CaptionRow } from '../journal/rows'
import type { Logger } from '../logging/logger'
import { checkUnchanged } from '../intake/fileIdentity'
import type { KalturaApi } from './kalturaApi'
import { isRefusal, nothingMade, refusable, type Refusal, type RunCall } from './kalturaAnswers'
import { newCaptionToken } from './captionTokens'
import { captionFailureMessage, captionNotice, FileFailure, TokenLost, VerifyAgain, type CaptionShortfall } from './runErrors'

export interface CaptionContext {
  api: KalturaApi
  journal: Journal
  logger: Logger
  fileId: number
  call: RunCall
}

/** A caption whose token Kaltura lost or whose state must be read again is tried this many times in all. */
const ATTEMPTS_PER_CAPTION = 3

const FORMATS: Readonly<Record<CaptionRow['format'], CaptionFormat>> = { SRT: CaptionFormat.SRT, WEBVTT: CaptionFormat.WEBVTT }

/** Sends every caption of the file not yet done (or failed) for `entryId`; a caption of an earlier entry is sent anew. */
export async function sendCaptions(ctx: CaptionContext, entryId: string): Promise<void> {
  const captions = ctx.journal.captions.of(ctx.fileId).filter((c) => c.entryId !== entryId || c.state === 'pending')
  const missed: { language: string; shortfall: CaptionShortfall }[] = []
  let forbidden: CaptionShortfall | null = null
  for (const caption of captions) {
    if (caption.entryId !== entryId) {
      ctx.journal.captions.update(caption.id, { entryId, state: 'pending', assetId: null, tokenId: null, addSentAt: null, message: null })
    }
    // A role that may not add one caption may not add the next: no more calls for the same answer.
    const shortfall: CaptionShortfall | null = forbidden ?? (await sendWithRetries(ctx, caption.id, entryId))
    if (shortfall === null) {
      ctx.journal.captions.update(caption.id, { state: 'done', message: null })
      ctx.logger.info('entry', `file ${ctx.fileId}: ${caption.language} captions added to entry ${entryId}`)
      continue
    }
    if (shortfall.kind === 'may-not-add') forbidden = shortfall
    ctx.journal.captions.update(caption.id, { state: 'failed', addSentAt: null, message: captionFailureMessage(shortfall) })
    ctx.logger.warn('entry', `file ${ctx.fileId}: ${caption.language} captions not added (${shortfall.kind})`)
    missed.push({ language: caption.language, shortfall })
  }
  if (missed.length > 0) ctx.journal.updateFile(ctx.fileId, { notice: captionNotice(ctx.journal.getFile(ctx.fileId)!.notice, missed) })
}

/** One caption to its end; a failure of the call itself fails this caption, never the file (a refused session aside). */
async function sendWithRetries(ctx: CaptionContext, captionId: number, entryId: string): Promise<CaptionShortfall | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendCaption(ctx, captionId, entryId)
    } catch (err) {
      // A refused session holds the whole account (fileRun.ts); a stop ends the run. Neither is this caption's.
      if (err instanceof FileFailure && err.fileError.kind !== 'auth') return { kind: 'refused', message: err.message }
      // The token was lost or is not in the state it should be: read everything again, with a new token if need be.
      if (!(err instanceof TokenLost || err instanceof VerifyAgain)) throw err
      ctx.journal.captions.update(captionId, { tokenId: null })
      if (attempt >= ATTEMPTS_PER_CAPTION) return { kind: 'refused', message: 'its upload token was lost repeatedly' }
    }
  }
}

async function sendCaption(ctx: CaptionContext, captionId: number, entryId: string): Promise<CaptionShortfall | null> {
  const row = (): CaptionRow => ctx.journal.captions.get(captionId)!
  // An asset made before a crash may hold its content already (a setContent whose reply was lost).
  const made = row().assetId ? await readAsset(ctx, row().assetId!) : undefined
  if (made && !isRefusal(made)) {
    if (made.status === CaptionAssetStatus.READY) return null
    if (made.status === CaptionAssetStatus.ERROR) return { kind: 'unreadable' }
  } else if (made?.refused.code === 'CAPTION_ASSET_ID_NOT_FOUND') {
    // Deleted on Kaltura meanwhile: made again. Any other refusal (a role that may add but not get) keeps the asset.
    ctx.journal.captions.update(captionId, { assetId: null })
  }
  const problem = await checkUnchanged(row().path, { ino: null, dev: null, size: row().size, mtimeMs: row().mtimeMs })
  if (problem) return { kind: 'file', fileName: basename(row().path), problem }
  const tokenId = await filledToken(ctx, row())
  if (isRefusal(tokenId)) return shortfallOf(tokenId)
  const assetId = row().assetId ?? (await addAsset(ctx, row(), entryId))
  if (isRefusal(assetId)) {
    await dropToken(ctx, captionId, tokenId)
    return shortfallOf(assetId)
  }
  const asset = await refusable(ctx.call, 'captionAsset.setContent', (signal) => ctx.api.caption.setContentFromToken(assetId, tokenId, { signal }), {
    // A reply lost after the server took the token's file: the asset says so, and the closed token could not be used again.
    beforeRetry: async () => {
      const now = await readAsset(ctx, assetId)
      return !isRefusal(now) && now.status !== CaptionAssetStatus.QUEUED ? { value: now } : undefined
    }
  })
  if (isRefusal(asset)) return shortfallOf(asset)
  ctx.journal.captions.update(captionId, { tokenId: null })
  return asset.status === CaptionAssetStatus.READY ? null : asset.status === CaptionAssetStatus.ERROR ? { kind: 'unreadable' } : { kind: 'refused', message: `the caption stayed in status ${asset.status}` }
}

/** The caption's token, made and filled with the file's bytes in one upload call unless the journaled one is FULL. */
async function filledToken(ctx: CaptionContext, caption: CaptionRow): Promise<string | Refusal> {
  let tokenId = caption.tokenId
  if (tokenId) {
    const token = await refusable(ctx.call, 'uploadToken.get', (signal) => ctx.api.uploadToken.get(tokenId!, { signal }))
    if (!isRefusal(token) && token.status === UploadTokenStatus.FULL_UPLOAD) return tokenId
    // Gone, or closed into an asset whose content did not stay: a new token. PENDING or PARTIAL: filled again below.
    if (isRefusal(token) || (token.status !== UploadTokenStatus.PENDING && token.status !== UploadTokenStatus.PARTIAL_UPLOAD)) tokenId = null
  }
  if (!tokenId) {
    const made = await newCaptionToken(ctx, caption)
    if (isRefusal(made)) return made
    tokenId = made
  }
  const id = tokenId
  // resume=false replaces whatever the token held: a repeat after a lost reply writes the same bytes again.
  const filled = await refusable(ctx.call, 'uploadToken.upload', (signal) =>
    ctx.api.uploadToken.upload({ uploadTokenId: id, filePath: caption.path, start: 0, end: caption.size, resume: false, resumeAt: 0, finalChunk: true }, { signal })
  )
  return isRefusal(filled) ? filled : id
}

/** captionAsset.add with its intent journaled first; an intent whose answer was never read is looked for first. */
async function addAsset(ctx: CaptionContext, caption: CaptionRow, entryId: string): Promise<string | Refusal> {
  const found = caption.addSentAt === null ? undefined : await findAsset(ctx, caption, entryId)
  if (isRefusal(found)) return found
  const asset =
    found ??
    (await refusable(
      ctx.call,
      'captionAsset.add',
      async (signal) => {
        ctx.journal.captions.update(caption.id, { addSentAt: Date.now() })
        try {
          return await ctx.api.caption.add(entryId, { language: caption.language, format: FORMATS[caption.format], label: caption.language }, { signal })
        } catch (err) {
          if (nothingMade(err)) ctx.journal.captions.update(caption.id, { addSentAt: null })
          throw err
        }
      },
      {
        // captionAsset.add is not idempotent: a reply lost after the asset was stored is looked for before a repeat.
        beforeRetry: async () => {
          const had = await findAsset(ctx, caption, entryId)
          return had ? { value: had } : undefined
        }
      }
    ))
  if (isRefusal(asset)) return asset
  ctx.journal.captions.update(caption.id, { assetId: asset.id, addSentAt: null })
  return asset.id
}

/** An asset of the caption's language and format on the entry that no other caption row of the file has taken. */
async function findAsset(ctx: CaptionContext, caption: CaptionRow, entryId: string): Promise<CaptionAsset | undefined | Refusal> {
  const list = await refusable(ctx.call, 'captionAsset.list', (signal) => ctx.api.caption.list(entryId, { pageSize: 500 }, { signal }))
  if (isRefusal(list)) return list
  const taken = new Set(
    ctx.journal.captions
      .of(caption.fileId)
      .filter((c) => c.id !== caption.id && c.entryId === entryId)
      .map((c) => c.assetId)
  )
  return list.objects.find((a) => a.language === caption.language && a.format === FORMATS[caption.format] && !taken.has(a.id))
}

function readAsset(ctx: CaptionContext, assetId: string): Promise<CaptionAsset | Refusal> {
  return refusable(ctx.call, 'captionAsset.get', (signal) => ctx.api.caption.get(assetId, { signal }))
}

/** A token filled for an asset that cannot be made is deleted, not left open on the account; a refusal changes nothing. */
async function dropToken(ctx: CaptionContext, captionId: number, tokenId: string): Promise<void> {
  const dropped = await refusable(ctx.call, 'uploadToken.delete', (signal) => ctx.api.uploadToken.delete(tokenId, { signal }))
  if (!isRefusal(dropped)) ctx.journal.captions.update(captionId, { tokenId: null })
}

/** add and setContent need CAPTION_MODIFY (service.caption.captionasset.ini:9, :90): a USER KS is SERVICE_FORBIDDEN. */
function shortfallOf(refusal: Refusal): CaptionShortfall {
  return refusal.refused.code === 'SERVICE_FORBIDDEN' ? { kind: 'may-not-add' } : { kind: 'refused', message: refusal.refused.message }
}
