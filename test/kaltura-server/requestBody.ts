// Reads an API request body as S-REQ does (exact application/json, urlencoded, multipart with an optional `json`
// field) and streams the `fileData` part to the scratch directory without holding it in memory.
import busboy from 'busboy'
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { isParamTree, treeFromFlatPairs, type ParamTree, type ParamValue } from './params'
import type { FileData } from './tokenUpload'

/** Bodies other than multipart are parsed in memory; anything larger is ignored like an oversize PHP POST. */
const MAX_TEXT_BODY_BYTES = 32 * 1024 * 1024

export interface BodyHooks {
  /** A fresh scratch file path for the file part. */
  scratchPath(): string
  /** Called once the parameters sent before the file part are known: keep the bytes? hash them while streaming? */
  onFileStart(paramsSoFar: ParamTree): { keep: boolean; digest: boolean }
  /** Every fileData byte received, as it arrives (kept or not). */
  onFileBytes(count: number): void
}

export interface ReceivedBody {
  params: ParamTree
  fileData: FileData
}

export async function readBody(source: Readable, contentType: string, hooks: BodyHooks): Promise<ReceivedBody> {
  const type = contentType.toLowerCase()
  if (type.startsWith('multipart/form-data')) return readMultipart(source, contentType, hooks)
  const text = await readText(source)
  if (type === 'application/json') {
    // Exactly this header, no parameters (S-REQ): `application/json; charset=utf-8` is not JSON to Kaltura.
    return { params: text.startsWith('{') && text.endsWith('}') ? parseJsonTree(text) : {}, fileData: undefined }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { params: treeFromFlatPairs(new URLSearchParams(text)), fileData: undefined }
  }
  return { params: {}, fileData: undefined }
}

export function parseJsonTree(text: string): ParamTree {
  try {
    const value = toParamValue(JSON.parse(text) as unknown)
    return isParamTree(value) ? value : {}
  } catch {
    return {}
  }
}

async function readMultipart(source: Readable, contentType: string, hooks: BodyHooks): Promise<ReceivedBody> {
  const parser = busboy({
    headers: { 'content-type': contentType },
    defParamCharset: 'utf8',
    limits: { fieldSize: MAX_TEXT_BODY_BYTES }
  })
  const fields: Array<[string, string]> = []
  let jsonField: string | undefined
  let fileDataWasField = false
  let fileData: FileData
  const fileWork: Array<Promise<void>> = []
  const fileStreams: Readable[] = []
  const scratchFiles: string[] = []
  const paramsSoFar = (): ParamTree => (jsonField !== undefined ? parseJsonTree(jsonField) : treeFromFlatPairs(fields))

  parser.on('field', (name, value) => {
    if (name === 'json') jsonField ??= value
    else fields.push([name, value])
    if (name === 'fileData') fileDataWasField = true
  })
  parser.on('file', (name, stream, info) => {
    if (name !== 'fileData' || fileData?.kind === 'file') {
      stream.resume()
      return
    }
    fileStreams.push(stream)
    const decision = hooks.onFileStart(paramsSoFar())
    const digest = decision.keep && decision.digest ? createHash('sha256') : undefined
    const path = decision.keep ? hooks.scratchPath() : ''
    if (decision.keep) scratchFiles.push(path)
    const received = { kind: 'file' as const, filename: info.filename || undefined, part: { path, length: 0, digest } }
    fileData = received
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received.part.length += chunk.length
        digest?.update(chunk)
        hooks.onFileBytes(chunk.length)
        done(null, chunk)
      }
    })
    const sink = decision.keep ? createWriteStream(path) : discard()
    fileWork.push(pipeline(stream, counter, sink))
  })

  try {
    await pipeline(source, parser)
    await Promise.all(fileWork)
  } catch (error) {
    for (const stream of fileStreams) stream.destroy()
    await Promise.allSettled(fileWork)
    await Promise.all(scratchFiles.map((path) => rm(path, { force: true })))
    throw error
  }
  const params = paramsSoFar()
  return { params, fileData: fileData ?? (fileDataWasField ? { kind: 'field' } : undefined) }
}

async function readText(source: Readable): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
    size += buffer.length
    if (size <= MAX_TEXT_BODY_BYTES) chunks.push(buffer)
  }
  return size <= MAX_TEXT_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : ''
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done()
    }
  })
}

function toParamValue(value: unknown): ParamValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map(toParamValue)
  if (typeof value === 'object') {
    const tree: ParamTree = {}
    for (const [key, inner] of Object.entries(value)) tree[key] = toParamValue(inner)
    return tree
  }
  return null
}
