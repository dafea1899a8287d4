// Content reaching an entry: attaching a token, closing a full token into its entry, and processing to READY or failure.
import { randomBytes } from 'node:crypto'
import type { EntryOutcome, ServerContext } from './serverContext'
import type { EntryRecord, TokenRecord } from './store'
import { TOKEN_STATUS } from './uploadTokens'

export const ENTRY_STATUS = {
  errorImporting: -2,
  errorConverting: -1,
  import: 0,
  preconvert: 1,
  ready: 2,
  deleted: 3,
  noContent: 7
} as const

const MEDIA_TYPE_IMAGE = 2

/** Token at PENDING/PARTIAL: the entry waits in IMPORT until the token becomes full (§4.2). */
export async function attachUnfinishedToken(ctx: ServerContext, token: TokenRecord, entry: EntryRecord): Promise<void> {
  const now = ctx.clock.nowSeconds()
  entry.status = ENTRY_STATUS.import
  entry.tokenId = token.id
  entry.updatedAt = now
  token.attachedEntryId = entry.id
  token.attachedObjectType = entry.mediaType === MEDIA_TYPE_IMAGE ? 'entry' : 'flavorAsset'
  token.attachedObjectId = entry.mediaType === MEDIA_TYPE_IMAGE ? entry.id : `0_${randomEntryLikeId()}`
  await Promise.all([ctx.store.saveToken(token), ctx.store.saveEntry(entry)])
}

/** Token at FULL: the file moves into the entry, the token closes, processing starts (images are ready at once). */
export async function deliverTokenToEntry(ctx: ServerContext, token: TokenRecord, entry: EntryRecord): Promise<void> {
  const now = ctx.clock.nowSeconds()
  token.status = TOKEN_STATUS.closed
  token.updatedAt = now
  entry.tokenId = token.id
  entry.size = token.dataLength
  entry.sha256 = ctx.contents.sha256(token)
  entry.contentAtMs = ctx.clock.nowMs()
  entry.getCallsSinceContent = 0
  entry.status = entry.mediaType === MEDIA_TYPE_IMAGE ? finalStatus(ctx.entryOutcome) : ENTRY_STATUS.preconvert
  entry.updatedAt = now
  await Promise.all([ctx.store.saveToken(token), ctx.store.saveEntry(entry)])
}

/** After an upload made an attached token full: finish the attachment in the same request (§3.2). */
export async function deliverIfAttached(ctx: ServerContext, token: TokenRecord): Promise<void> {
  if (token.status !== TOKEN_STATUS.full || token.attachedEntryId === undefined) return
  const entry = ctx.store.entries.get(token.attachedEntryId)
  if (entry && entry.status === ENTRY_STATUS.import && entry.tokenId === token.id) await deliverTokenToEntry(ctx, token, entry)
}

/** Counts a media.get; the entry leaves PRECONVERT once both the get-call count and the elapsed time are reached. */
export async function advanceProcessing(ctx: ServerContext, entry: EntryRecord): Promise<void> {
  if (entry.status !== ENTRY_STATUS.preconvert || entry.contentAtMs === undefined) return
  entry.getCallsSinceContent += 1
  const { getCalls, ms } = ctx.settings.entryReadyAfter
  if (entry.getCallsSinceContent >= getCalls && ctx.clock.nowMs() - entry.contentAtMs >= ms) {
    entry.status = finalStatus(ctx.entryOutcome)
    entry.updatedAt = ctx.clock.nowSeconds()
  }
  await ctx.store.saveEntry(entry)
}

/** `{dcId}_` is added by the caller; 8 chars of [0-9a-z] (S-IDS). */
export function randomEntryLikeId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'
  return [...randomBytes(8)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

function finalStatus(outcome: EntryOutcome): number {
  if (outcome === 'errorConverting') return ENTRY_STATUS.errorConverting
  if (outcome === 'errorImporting') return ENTRY_STATUS.errorImporting
  return ENTRY_STATUS.ready
}
