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
