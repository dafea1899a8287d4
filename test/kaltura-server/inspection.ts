// What tests see through inspect(): tokens and entries as UploadInfo / EntryInfo, assembled-bytes digest included.
import type { EntryInfo, UploadInfo } from './api'
import type { ServerContext } from './serverContext'
import type { EntryRecord, TokenRecord } from './store'

export function uploadInfo(ctx: ServerContext, token: TokenRecord): UploadInfo {
  return {
    id: token.id,
    status: token.status,
    fileName: token.fileName,
    fileSize: token.fileSize,
    uploadedFileSize: token.dataLength,
    sha256: ctx.contents.sha256(token),
    bytesReceived: token.bytesReceived,
    uploadRequests: token.uploadRequests,
    parkedChunks: ctx.contents.parkedCount(token.id),
    userId: token.userId,
    attachedEntryId: token.attachedEntryId
  }
}

export function entryInfo(entry: EntryRecord): EntryInfo {
  return {
    id: entry.id,
    partnerId: entry.partnerId,
    name: entry.name,
    status: entry.status,
    mediaType: entry.mediaType,
    description: entry.description,
    tags: entry.tags,
    categories: entry.categories,
    referenceId: entry.referenceId,
    userId: entry.userId,
    tokenId: entry.tokenId,
    size: entry.size,
    sha256: entry.sha256
  }
}

/** The most of `records` (requests, by arrival and end) that were open at once. */
export function peakConcurrency(records: ReadonlyArray<{ at: number; endedAt?: number }>): number {
  const events = records.flatMap((r) => [[r.at, 1], [r.endedAt ?? Number.MAX_SAFE_INTEGER, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let open = 0
  let peak = 0
  for (const [, delta] of events) peak = Math.max(peak, (open += delta))
  return peak
}
