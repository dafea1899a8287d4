// The upload token of one file's run: the journaled one asked for its offset, or a new one made with uploadToken.add.
// A lost add reply is followed by a look (uploadToken.list) that adopts the token it made, so none is left as a stray.
import type { FileRow, Journal } from '../journal/journal'
import { KalturaApiError, UploadTokenStatus, type UploadToken, type UploadTokenFilter } from '../kaltura'
import type { Logger } from '../logging/logger'
import type { KalturaApi } from './kalturaApi'
import { TOKEN_LOST_MESSAGE, type RetryHooks } from './retry'
import { TokenLost } from './runErrors'

/** How far the desktop's clock may be from Kaltura's when telling an object made just now (a token, an entry) from an older one. */
export const CLOCK_SKEW_ALLOWANCE_S = 600

/** What the token steps need from the file's run. */
export interface TokenScope {
  api: KalturaApi
  journal: Journal
  logger: Logger
  fileId: number
  /** The file's journal row as it is now. */
  row(): FileRow
  /** A Kaltura call under the run's retry loop. */
  call<T>(what: string, fn: (signal: AbortSignal) => Promise<T>, hooks?: RetryHooks<T>): Promise<T>
  /** The token already holds the whole file: the upload is complete. */
  markUploaded(): void
}

export interface PreparedToken {
  tokenId: string
  /** Where the pending bytes start on the server. */
  serverOffset: number
  /** Nothing is in the token yet: the first upload call replaces its content (resume=false). */
  fresh: boolean
}

/** Finds or creates the upload token and learns the server's offset. */
export async function prepareToken(scope: TokenScope): Promise<PreparedToken> {
  const row = scope.row()
  if (row.tokenId) return resumeToken(scope, row, row.tokenId)
  // The first add of this file whose outcome is still unknown (journaled before it was sent), or this one.
  const since = row.tokenAddSentAt ?? Date.now()
  // A run that died or was stopped before an add's answer was read may have left a token on the server: look first.
  // One look is enough: uploadToken.list queries the database (UploadTokenService.php:194-207), not the search index
  // that makes media.list lag (entryLookup.ts).
  const earlier = row.tokenAddSentAt === null ? null : await adoptLostToken(scope, row, since)
  if (earlier) return fresh(earlier)
  const tokenId = await scope.call('uploadToken.add', (signal) => sendTokenAdd(scope, row, since, signal), {
    // A lost reply may hide a token the server made: adopt it rather than leave it as a stray beside a second one.
    beforeRetry: async () => {
      const made = await adoptLostToken(scope, row, since)
      return made ? { value: made } : undefined
    }
  })
  if (scope.row().tokenId !== tokenId) {
    journalToken(scope, tokenId)
    scope.logger.info('upload', `file ${scope.fileId}: token ${tokenId} created`)
  }
  return fresh(tokenId)
}

function fresh(tokenId: string): PreparedToken {
  return { tokenId, serverOffset: 0, fresh: true }
}

/** The token is this file's from now on, and no add of it is left unanswered. */
function journalToken(scope: TokenScope, tokenId: string): void {
  scope.journal.updateFile(scope.fileId, { tokenId, tokenAddSentAt: null, confirmedBytes: 0 })
  scope.journal.resetChunks(scope.fileId, 0, false)
}

/**
 * One uploadToken.add attempt, its intent journaled first (with the time of the first unanswered one, the adoption's
 * lower bound). An API error is the server's answer to the whole call, given before the token is saved or instead of
 * it (validation, then save, then the reply: UploadTokenService.php:32-46): nothing was made, so the intent goes. Any
 * other failure (a reset, a timeout, a proxy's 5xx) may have come after the save and leaves it for a look.
 */
async function sendTokenAdd(scope: TokenScope, row: FileRow, since: number, signal: AbortSignal): Promise<string> {
  scope.journal.updateFile(scope.fileId, { tokenAddSentAt: since })
  try {
    return (await scope.api.uploadToken.add({ fileName: row.name, fileSize: row.size }, { signal })).id
  } catch (err) {
    if (err instanceof KalturaApiError) scope.journal.updateFile(scope.fileId, { tokenAddSentAt: null })
    throw err
  }
}

/** The journaled token: its status says where the upload stands. */
async function resumeToken(scope: TokenScope, row: FileRow, tokenId: string): Promise<PreparedToken> {
  let token: UploadToken
  try {
    token = await scope.call('uploadToken.get', (signal) => scope.api.uploadToken.get(tokenId, { signal }))
  } catch (err) {
    if (err instanceof TokenLost) throw new TokenLost(TOKEN_LOST_MESSAGE)
    throw err
  }
  // The server's size may only lower the journal's, never raise it (see ChunkSender.confirmedOffset).
  const uploaded = Math.min(token.uploadedFileSize ?? 0, row.confirmedBytes)
  switch (token.status) {
    case UploadTokenStatus.PENDING:
      scope.journal.resetChunks(scope.fileId, 0, false)
      return { tokenId, serverOffset: 0, fresh: true }
    case UploadTokenStatus.PARTIAL_UPLOAD:
      scope.journal.resetChunks(scope.fileId, uploaded, true)
      return { tokenId, serverOffset: uploaded, fresh: false }
    case UploadTokenStatus.FULL_UPLOAD:
    case UploadTokenStatus.CLOSED:
      // Complete whatever uploadedFileSize says (see holdsWholeFile in fileRun.ts).
      scope.markUploaded()
      return { tokenId, serverOffset: row.size, fresh: false }
    default:
      throw new TokenLost(TOKEN_LOST_MESSAGE)
  }
}

/**
 * The token a failed uploadToken.add may still have made: PENDING (nothing uploaded into it), this file's name and
 * size, and known to no file of the journal; the newest if several. The filter fields are KalturaUploadTokenBaseFilter's
 * (KalturaUploadTokenBaseFilter.php:11-17); a USER KS lists only its own tokens (UploadTokenService.php:175, :220-225).
 * An ADMIN KS lists every user's, so the token must also be no older than this file's first add (with ten minutes
 * for a desktop clock that is off; the filter has no createdAt, so it is checked here): another uploader's PENDING
 * token of the same name and size from earlier is never taken. A clock off by more only costs the adoption.
 */
async function lostNewToken(scope: TokenScope, row: FileRow, addStartedAt: number): Promise<UploadToken | null> {
  const { objects } = await scope.call('uploadToken.list', (signal) => scope.api.uploadToken.list(lostTokenFilter(row.name, row.size), { pageSize: 50 }, { signal }))
  return madeByLostAdd(objects, row.name, scope.journal, addStartedAt)
}

/** The tokens a lost add of this name and size may have made: PENDING ones, newest first. */
export function lostTokenFilter(fileName: string, fileSize: number): UploadTokenFilter {
  return { fileNameEqual: fileName, fileSizeEqual: fileSize, statusEqual: UploadTokenStatus.PENDING, orderBy: '-createdAt' }
}

/**
 * Of those listed, the one an add whose answer was lost made: of that exact name, made since the first unanswered add
 * began (with the clock allowance), and held by no file or caption of the journal. Videos and captions share it.
 */
export function madeByLostAdd(listed: readonly UploadToken[], fileName: string, journal: Journal, addStartedAt: number): UploadToken | null {
  const known = journal.tokensInUse(listed.map((token) => token.id))
  const notBefore = addStartedAt / 1000 - CLOCK_SKEW_ALLOWANCE_S
  return listed.find((token) => !known.has(token.id) && token.fileName === fileName && (token.createdAt ?? 0) >= notBefore) ?? null
}

/**
 * Looks for the token an unanswered add made and, if there is one, journals it as this file's in the same step as
 * the choice (no await between): two files of the same name and size looking at once never take the same token.
 */
async function adoptLostToken(scope: TokenScope, row: FileRow, since: number): Promise<string | null> {
  const made = await lostNewToken(scope, row, since)
  if (!made) return null
  journalToken(scope, made.id)
  scope.logger.info('upload', `file ${scope.fileId}: token ${made.id} adopted (made by an add whose answer was lost)`)
  return made.id
}
