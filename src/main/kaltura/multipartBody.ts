// Streams a multipart/form-data upload body: form fields, then one byte range of a file read from disk by offset.
import { open, type FileHandle } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { SourceFileError } from './errors'

/** The most file bytes held in memory at once. */
export const MAX_PIECE_BYTES = 1024 * 1024

/**
 * Pieces the connections are done with, by size, shared by every body: the next chunk, of this file or another,
 * reads into one of the same size. A body's own spares died with it, so each chunk cost fresh memory left to the
 * collector; over a 5 GiB file dozens of megabytes waited at once for a collection that memory outside the JS heap
 * does little to hasten, and the allocator's churn left the process larger the longer it uploaded. Only sizes that
 * recur are kept: multiples of 64 KiB (engine/adaptiveConnections.ts pieceBytesFor), not a small file's odd whole.
 */
const spares = new Map<number, Buffer[]>()
let spareBytes = 0
const SPARE_SIZE_STEP = 64 * 1024
/** Spare memory kept at most: more than the connections hand back between two pieces only rarely. */
const MAX_SPARE_BYTES = 8 * MAX_PIECE_BYTES
/** Nothing handed back for this long: the uploads have stopped, and an idle app keeps no piece memory. */
const SPARES_KEPT_IDLE_MS = 10_000
const releaseSpares = setTimeout(() => {
  spares.clear()
  spareBytes = 0
}, SPARES_KEPT_IDLE_MS).unref()

/** Memory for a piece of `bytes`: a spare of that size, or a new one. */
function takePiece(bytes: number): Buffer {
  const spare = spares.get(bytes)?.pop()
  if (!spare) return Buffer.allocUnsafeSlow(bytes)
  spareBytes -= bytes
  return spare
}

function giveBackPiece(memory: ArrayBufferLike): void {
  if (memory.byteLength % SPARE_SIZE_STEP !== 0 || spareBytes + memory.byteLength > MAX_SPARE_BYTES) return
  const sized = spares.get(memory.byteLength) ?? []
  sized.push(Buffer.from(memory))
  spares.set(memory.byteLength, sized)
  spareBytes += memory.byteLength
  releaseSpares.refresh()
}

export interface FileRange {
  path: string
  /** An already open (and checked) copy of the file to read from; the caller closes it. Without it, `path` is opened
   * here and closed with the body. */
  handle?: FileHandle
  /** Sent as the part's filename; the server takes the token's file name and extension from it. */
  fileName: string
  /** Byte offsets in the file, end exclusive; may exceed 2^32. */
  start: number
  end: number
}

/** Awaited before each piece of file bytes is handed on, so a caller can hold the body to a bandwidth budget. */
export type BodyRateLimiter = (bytes: number, signal: AbortSignal) => Promise<void>

export interface MultipartSpec {
  /** Ordinary form fields, sent in this order before the file part. */
  fields: ReadonlyArray<readonly [name: string, value: string]>
  /** The form field name of the file part. */
  fileField: string
  file: FileRange
  /** Called with the file bytes handed on so far, after each piece. */
  onProgress?: (bytesSentOfPart: number) => void
  bodyRateLimiter?: BodyRateLimiter
  /**
   * Bytes read and handed on at a time, at most MAX_PIECE_BYTES (the default). A slow connection takes smaller
   * pieces, so what it has handed on follows what the link carries (engine/adaptiveConnections.ts counts it).
   */
  pieceBytes?: number
}

export interface MultipartBody {
  stream: ReadableStream<Uint8Array>
  contentType: string
  /** Exact body length, so the request needs no chunked transfer encoding. */
  contentLength: number
  /** The read error that ended the stream, if a disk read is what failed. */
  failure(): SourceFileError | null
  /** Closes the file; call once the request has settled. */
  close(): Promise<void>
  /**
   * Hands back a piece of file bytes the connection is done with (its write callback ran), so a later piece, of this
   * body or the next, is read into the same memory instead of a new buffer: a fresh megabyte per piece is what makes
   * uploading cost garbage collection. Pieces never handed back are simply left to the collector.
   */
  reuse(piece: Uint8Array): void
}

/** Opens the file and checks the range exists; the bytes are read only as the stream is pulled. */
export async function openMultipartBody(spec: MultipartSpec, signal: AbortSignal): Promise<MultipartBody> {
  const { file } = spec
  const handle = await openRange(file)
  const boundary = `----KalturaBatchUploader${randomBytes(12).toString('hex')}`
  const preamble = Buffer.from(
    spec.fields.map(([name, value]) => fieldPart(boundary, name, value)).join('') +
      `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${escapeQuoted(spec.fileField)}"; filename="${escapeQuoted(file.fileName)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'utf8'
  )
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')
  const partLength = file.end - file.start

  let failure: SourceFileError | null = null
  let closed = false
  let sent = 0
  let preambleSent = false
  // Piece memory this body lent to the connection (each piece its own ArrayBuffer, never Node's shared pool).
  const pieceBytes = Math.max(1, Math.min(MAX_PIECE_BYTES, partLength, spec.pieceBytes ?? MAX_PIECE_BYTES))
  const outstanding = new Set<ArrayBufferLike>()

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!preambleSent) {
          preambleSent = true
          controller.enqueue(preamble)
          return
        }
        if (sent === partLength) {
          controller.enqueue(closing)
          controller.close()
          return
        }
        const size = Math.min(pieceBytes, partLength - sent)
        try {
          if (spec.bodyRateLimiter) await spec.bodyRateLimiter(size, signal)
        } catch (error) {
          controller.error(error)
          return
        }
        if (closed) {
          controller.error(new Error('the upload request settled before its body was sent'))
          return
        }
        try {
          const into = takePiece(pieceBytes)
          const piece = await readPiece(handle, file, file.start + sent, into.subarray(0, size))
          outstanding.add(into.buffer)
          controller.enqueue(piece)
        } catch (error) {
          failure = error instanceof SourceFileError ? error : unreadable(file, error)
          controller.error(failure)
          return
        }
        sent += size
        spec.onProgress?.(sent)
      }
    },
    { highWaterMark: 0 }
  )

  return {
    stream,
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: preamble.length + partLength + closing.length,
    failure: () => failure,
    async close() {
      if (closed) return
      closed = true
      if (!file.handle) await handle.close()
    },
    reuse(piece) {
      if (outstanding.delete(piece.buffer)) giveBackPiece(piece.buffer)
    }
  }
}

async function openRange(file: FileRange): Promise<FileHandle> {
  if (!Number.isSafeInteger(file.start) || !Number.isSafeInteger(file.end) || file.start < 0 || file.end < file.start) {
    throw new RangeError(`invalid byte range ${file.start}..${file.end}`)
  }
  // A handle the caller opened was checked by the caller (its size among the rest): one fstat less per chunk. A file
  // cut short after that still ends the body, as a short read.
  if (file.handle) return file.handle
  let handle: FileHandle
  try {
    handle = await open(file.path, 'r')
  } catch (error) {
    throw unreadable(file, error)
  }
  try {
    const { size } = await handle.stat()
    if (size < file.end) {
      throw new SourceFileError('changed', file.path, `${file.path} is ${size} bytes, shorter than the chunk end ${file.end}`)
    }
    return handle
  } catch (error) {
    await handle.close()
    throw error instanceof SourceFileError ? error : unreadable(file, error)
  }
}

async function readPiece(handle: FileHandle, file: FileRange, position: number, piece: Buffer): Promise<Buffer> {
  const size = piece.length
  let filled = 0
  while (filled < size) {
    const { bytesRead } = await handle.read(piece, filled, size - filled, position + filled)
    if (bytesRead === 0) {
      throw new SourceFileError('changed', file.path, `${file.path} ended at byte ${position + filled} while reading the chunk`)
    }
    filled += bytesRead
  }
  return piece
}

function unreadable(file: FileRange, cause: unknown): SourceFileError {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? ` (${String(cause.code)})` : ''
  return new SourceFileError('unreadable', file.path, `cannot read ${file.path}${code}`, cause)
}

function fieldPart(boundary: string, name: string, value: string): string {
  return `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"\r\n\r\n${value}\r\n`
}

/** As browsers encode names in multipart headers: quote and line breaks percent-encoded. */
function escapeQuoted(value: string): string {
  return value.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}
