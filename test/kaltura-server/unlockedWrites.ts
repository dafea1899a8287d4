// Unlocked mode's non-final chunk (README "Harsher modes"): what kUploadTokenMgr::handleResume does with no lock
// held. Parked chunks are claimed one by one, the part is written a piece at a time while other requests do the
// same, and the size a request reports, and then saves, is its own reading of the end of file.
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ServerContext } from './serverContext'
import type { TokenRecord } from './store'
import type { StoredPart } from './tokenContent'

/** PHP copies 100 KB at a time (kUploadTokenMgr.php:9 CHUNK_SIZE, :648-652). */
const PIECE_BYTES = 102_400
/** A non-final call appends at most this many parked chunks before its own (kUploadTokenMgr.php:444, :545-579). */
const SYNCED_MERGES = 10

/** Where the token stood when this request read it: Propel writes back only the columns the request changed. */
export interface LoadedToken {
  status: number
  uploadedFileSize: number | undefined
}

export function loadedFrom(token: TokenRecord): LoadedToken {
  return { status: token.status, uploadedFileSize: token.uploadedFileSize }
}

/**
 * A non-final chunk (or a final at offset 0) without the token lock; returns the size this request reports:
 * - up to 10 parked chunks starting exactly at the end of file are claimed and appended, the size counted as the
 *   end of file read at the start plus what was appended (kUploadTokenMgr.php:545-579), which can include bytes another
 *   request is still writing;
 * - then the part is written at resumeAt if it extends the file (the reported size is where that write ended,
 *   ftell, :448-452, :529-543), else parked, reporting the size read before (:453-460).
 */
export async function writeChunkUnlocked(ctx: ServerContext, token: TokenRecord, part: StoredPart, offset: number): Promise<number> {
  let size = token.dataLength
  for (let merged = 0; merged < SYNCED_MERGES; merged++) {
    const claimed = ctx.contents.claimParked(token.id, size)
    if (!claimed) break
    await ctx.contents.writeInPieces(token, claimed.path, claimed.length, size, PIECE_BYTES, nextTurn)
    size += claimed.length
  }
  if (offset <= size && size < offset + part.length) {
    await ctx.contents.writeInPieces(token, part.path, part.length, offset, PIECE_BYTES, nextTurn)
    return offset + part.length
  }
  await ctx.contents.park(token, part, offset)
  return size
}

/**
 * The save at the end of a non-final call, as Propel makes it: only columns whose value differs from what this
 * request loaded are written (BaseUploadToken.php:496-510, :565-579), last writer wins. So the stored size can go
 * backwards, and a call that loaded the token PARTIAL leaves a FULL status that another call set meanwhile alone,
 * while still writing its own, smaller, size.
 */
export function saveAsPropelWould(token: TokenRecord, loaded: LoadedToken, status: number, uploadedFileSize: number): void {
  if (status !== loaded.status) token.status = status
  if (uploadedFileSize !== loaded.uploadedFileSize) token.uploadedFileSize = uploadedFileSize
}
