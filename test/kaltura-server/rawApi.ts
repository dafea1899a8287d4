// Raw HTTP calls the conformance tests make with fetch/FormData: no client library between the test and the wire.

export interface RawReply {
  status: number
  headers: Headers
  text: string
  /** Parsed JSON when the reply is JSON, else undefined. */
  body: unknown
}

export interface UploadOptions {
  resume?: boolean | string
  finalChunk?: boolean | string
  resumeAt?: number | string
  /** Part filename; default "chunk.bin". */
  filename?: string
  ks?: string
}

export type Part = { name: string; value: string } | { name: string; data: Uint8Array; filename?: string; contentType?: string }

export class RawApi {
  constructor(
    readonly baseUrl: string,
    public ks: string
  ) {}

  /** One call with an exact `application/json` body carrying format=1 and (unless ks is null) the session. */
  async call(service: string, action: string, params: Record<string, unknown> = {}, ks: string | null = this.ks): Promise<RawReply> {
    const body = { format: 1, ...(ks === null ? {} : { ks }), ...params }
    return send(`${this.baseUrl}/api_v3/service/${service}/action/${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    })
  }

  /** The call's result as an object; fails the test on an API error. */
  async ok(service: string, action: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const reply = await this.call(service, action, params)
    const result = record(reply.body)
    if (result.objectType === 'KalturaAPIException') throw new Error(`${service}.${action} failed: ${reply.text}`)
    return result
  }

  async addToken(uploadToken: Record<string, unknown> = {}): Promise<string> {
    const token = await this.ok('uploadtoken', 'add', { uploadToken: { objectType: 'KalturaUploadToken', ...uploadToken } })
    return String(token.id)
  }

  async addEntry(entry: Record<string, unknown> = {}): Promise<string> {
    const created = await this.ok('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, ...entry } })
    return String(created.id)
  }

  /** uploadToken.upload as the TS client sends it: every param a multipart field next to the fileData part. */
  async upload(tokenId: string, data: Uint8Array | string, options: UploadOptions = {}, signal?: AbortSignal): Promise<RawReply> {
    const form = new FormData()
    form.append('format', '1')
    form.append('ks', options.ks ?? this.ks)
    form.append('uploadTokenId', tokenId)
    if (options.resume !== undefined) form.append('resume', String(options.resume))
    if (options.finalChunk !== undefined) form.append('finalChunk', String(options.finalChunk))
    if (options.resumeAt !== undefined) form.append('resumeAt', String(options.resumeAt))
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
    form.append('fileData', new Blob([bytes], { type: 'application/octet-stream' }), options.filename ?? 'chunk.bin')
    return send(`${this.baseUrl}/api_v3/service/uploadtoken/action/upload`, { method: 'POST', body: form, signal })
  }

  /** A hand-built multipart body, for parts FormData cannot express (no filename, fileData as a plain field). */
  async multipart(service: string, action: string, parts: Part[]): Promise<RawReply> {
    const boundary = `----raw${Math.random().toString(16).slice(2)}`
    const chunks: Uint8Array[] = []
    const encoder = new TextEncoder()
    for (const part of parts) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`
      if ('data' in part) {
        if (part.filename !== undefined) head += `; filename="${part.filename}"`
        head += `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}`
      }
      chunks.push(encoder.encode(`${head}\r\n\r\n`), 'data' in part ? part.data : encoder.encode(part.value), encoder.encode('\r\n'))
    }
    chunks.push(encoder.encode(`--${boundary}--\r\n`))
    return send(`${this.baseUrl}/api_v3/service/${service}/action/${action}`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: Buffer.concat(chunks)
    })
  }
}

export async function send(url: string, init: RequestInit): Promise<RawReply> {
  const response = await fetch(url, init)
  const text = await response.text()
  let body: unknown
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) body = JSON.parse(text) as unknown
  return { status: response.status, headers: response.headers, text, body }
}

/** The value as a plain object; fails the test when it is not one. */
export function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`)
  return value as Record<string, unknown>
}

/** Bytes 0..n-1 of a deterministic pseudo-random file. */
export function sampleBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = seed >>> 0
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    bytes[i] = state >>> 24
  }
  return bytes
}
