// The uploadToken calls: create a token, send byte ranges of a file into it, read, list and delete tokens.
import type { FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import type { AuthenticatedCaller } from './authenticatedCall'
import type { CallOptions, UploadCallOptions } from './callOptions'
import { decodeNothing, decodeUploadToken, decodeUploadTokenList } from './decode'
import { listFilterParams } from './listParams'
import type { NewUploadToken, Pager, UploadToken, UploadTokenFilter, UploadTokenList } from './model'

export interface UploadChunkRequest {
  uploadTokenId: string
  /** The file on disk; only bytes [start, end) are read, a piece at a time. */
  filePath: string
  /** The same file, already opened and checked by the caller, who closes it: a rename or replacement between the
   * caller's check and the read then cannot slip in. */
  fileHandle?: FileHandle
  /** The part's filename; defaults to the file's base name. */
  fileName?: string
  start: number
  /** Exclusive; equal to start for an empty part (e.g. the final call). */
  end: number
  /** false only for the first call, which replaces whatever the token held. */
  resume: boolean
  /** Where these bytes go in the assembled file; never -1 (a retried -1 chunk would be appended twice). */
  resumeAt: number
  /** true for the closing call; with resumeAt > 0 the server checks the total is resumeAt + part length. */
  finalChunk: boolean
}

export interface UploadTokenService {
  add(token: NewUploadToken, options?: CallOptions): Promise<UploadToken>
  upload(request: UploadChunkRequest, options?: UploadCallOptions): Promise<UploadToken>
  get(uploadTokenId: string, options?: CallOptions): Promise<UploadToken>
  list(filter?: UploadTokenFilter, pager?: Pager, options?: CallOptions): Promise<UploadTokenList>
  delete(uploadTokenId: string, options?: CallOptions): Promise<void>
}

const SERVICE = 'uploadtoken'

export function createUploadTokenService(caller: AuthenticatedCaller): UploadTokenService {
  return {
    add(token, options = {}) {
      return caller.call(
        {
          service: SERVICE,
          action: 'add',
          params: { uploadToken: { objectType: 'KalturaUploadToken', fileName: token.fileName, fileSize: token.fileSize } },
          decode: decodeUploadToken
        },
        options
      )
    },

    async upload(request, options = {}) {
      checkChunkRequest(request)
      return caller.upload(
        {
          service: SERVICE,
          action: 'upload',
          // Always all three explicit: the server's defaults (finalChunk=true, resumeAt=-1) are the dangerous ones.
          fields: [
            ['uploadTokenId', request.uploadTokenId],
            ['resume', request.resume ? '1' : '0'],
            ['resumeAt', String(request.resumeAt)],
            ['finalChunk', request.finalChunk ? '1' : '0']
          ],
          fileField: 'fileData',
          file: {
            path: request.filePath,
            ...(request.fileHandle ? { handle: request.fileHandle } : {}),
            fileName: request.fileName ?? basename(request.filePath),
            start: request.start,
            end: request.end
          },
          decode: decodeUploadToken
        },
        options
      )
    },

    get(uploadTokenId, options = {}) {
      return caller.call({ service: SERVICE, action: 'get', params: { uploadTokenId }, decode: decodeUploadToken }, options)
    },

    list(filter, pager, options = {}) {
      return caller.call(
        { service: SERVICE, action: 'list', params: listFilterParams('KalturaUploadTokenFilter', filter, pager), decode: decodeUploadTokenList },
        options
      )
    },

    delete(uploadTokenId, options = {}) {
      return caller.call({ service: SERVICE, action: 'delete', params: { uploadTokenId }, decode: decodeNothing }, options)
    }
  }
}

/** Programming errors, not Kaltura failures: refuse them before anything is sent. */
function checkChunkRequest(request: UploadChunkRequest): void {
  const { start, end, resumeAt } = request
  if (request.uploadTokenId === '') throw new RangeError('uploadTokenId is empty')
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}..${end}`)
  }
  if (!Number.isSafeInteger(resumeAt) || resumeAt < 0) throw new RangeError(`resumeAt must be a byte offset ≥ 0, got ${resumeAt}`)
}
