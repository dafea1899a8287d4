// A caption's upload token, made exactly once: the intent is journaled before uploadToken.add, and an add whose answer
// was lost (in this run, or in one that died) is followed by a look that adopts the token it made, as tokenSetup.ts
// does for videos. uploadToken.list reads the database, not a lagging index (UploadTokenService.php:194-207).
import { basename } from 'node:path'
import type { CaptionRow } from '../journal/journal'
import type { CaptionContext } from './entryCaptions'
import { isRefusal, nothingMade, refusable, type Refusal } from './kalturaAnswers'
import { lostTokenFilter, madeByLostAdd } from './tokenSetup'

export async function newCaptionToken(ctx: CaptionContext, caption: CaptionRow): Promise<string | Refusal> {
  const since = caption.tokenAddSentAt ?? Date.now()
  const adopt = async (): Promise<string | null> => {
    const lost = await lostCaptionToken(ctx, caption, since)
    if (!lost) return null
    ctx.journal.captions.update(caption.id, { tokenId: lost, tokenAddSentAt: null })
    ctx.logger.info('caption', `file ${ctx.fileId}: caption token ${lost} adopted (made by an add whose answer was lost)`)
    return lost
  }
  if (caption.tokenAddSentAt !== null) {
    const found = await adopt()
    if (found) return found
  }
  const made = await refusable(
    ctx.call,
    'uploadToken.add',
    async (signal) => {
      ctx.journal.captions.update(caption.id, { tokenAddSentAt: since })
      try {
        return (await ctx.api.uploadToken.add({ fileName: basename(caption.path), fileSize: caption.size }, { signal })).id
      } catch (err) {
        if (nothingMade(err)) ctx.journal.captions.update(caption.id, { tokenAddSentAt: null })
        throw err
      }
    },
    {
      // A lost reply may hide a token the server made: adopt it rather than leave it open beside a second one.
      beforeRetry: async () => {
        const found = await adopt()
        return found ? { value: found } : undefined
      }
    }
  )
  if (isRefusal(made)) {
    ctx.journal.captions.update(caption.id, { tokenAddSentAt: null })
    return made
  }
  if (ctx.journal.captions.get(caption.id)?.tokenId !== made) ctx.journal.captions.update(caption.id, { tokenId: made, tokenAddSentAt: null })
  return made
}

/** A PENDING token of the caption's name and size, made since its first unanswered add, that no file or caption holds. */
async function lostCaptionToken(ctx: CaptionContext, caption: CaptionRow, addStartedAt: number): Promise<string | null> {
  const fileName = basename(caption.path)
  const listed = await refusable(ctx.call, 'uploadToken.list', (signal) => ctx.api.uploadToken.list(lostTokenFilter(fileName, caption.size), { pageSize: 50 }, { signal }))
  if (isRefusal(listed)) return null
  return madeByLostAdd(listed.objects, fileName, ctx.journal, addStartedAt)?.id ?? null
}
