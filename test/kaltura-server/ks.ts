// KS codec for the test server: verifies v1 and v2 session strings (protocol §2.2–2.4) and issues v2 ones.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export interface KsFields {
  version: 1 | 2
  partnerId: number
  /** Unix seconds. */
  expiry: number
  type: number
  userId: string
  privileges: string
}

const ZERO_IV = Buffer.alloc(16)

/** Decodes and verifies a KS against the partner's admin secrets; undefined for anything malformed or unsigned. */
export function verifyKs(ks: string, adminSecretsOf: (partnerId: number) => readonly string[] | undefined): KsFields | undefined {
  const base64 = ks.replace(/-/g, '+').replace(/_/g, '/')
  if (base64 === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined
  const decoded = Buffer.from(base64, 'base64')
  if (decoded.subarray(0, 3).toString('latin1') === 'v2|') return verifyV2(decoded, adminSecretsOf)
  return verifyV1(decoded.toString('latin1'), adminSecretsOf)
}

function verifyV1(decoded: string, adminSecretsOf: (partnerId: number) => readonly string[] | undefined): KsFields | undefined {
  const bar = decoded.indexOf('|')
  if (bar < 0) return undefined
  const signature = decoded.slice(0, bar)
  const info = decoded.slice(bar + 1)
  const fields = info.split(';')
  if (fields.length < 4) return undefined
  const partnerId = strictInt(fields[0])
  if (partnerId === undefined) return undefined
  const secrets = adminSecretsOf(partnerId) ?? []
  const signed = secrets.some((secret) => sameText(sha1(secret + info).toString('hex'), signature))
  if (!signed) return undefined
  return {
    version: 1,
    partnerId,
    expiry: Number.parseInt(fields[2] ?? '', 10) || 0,
    type: Number.parseInt(fields[3] ?? '', 10) || 0,
    userId: fields[5] ?? '',
    privileges: fields[6] ?? ''
  }
}

function verifyV2(decoded: Buffer, adminSecretsOf: (partnerId: number) => readonly string[] | undefined): KsFields | undefined {
  const secondBar = decoded.indexOf(0x7c, 3)
  if (secondBar < 0) return undefined
  const partnerId = strictInt(decoded.subarray(3, secondBar).toString('latin1'))
  if (partnerId === undefined) return undefined
  const cipherText = decoded.subarray(secondBar + 1)
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) return undefined
  for (const secret of adminSecretsOf(partnerId) ?? []) {
    const decipher = createDecipheriv('aes-128-cbc', sha1(secret).subarray(0, 16), ZERO_IV)
    decipher.setAutoPadding(false)
    const plain = stripTrailingZeros(Buffer.concat([decipher.update(cipherText), decipher.final()]))
    if (plain.length < 36) continue
    const hash = plain.subarray(0, 20)
    const rest = plain.subarray(20)
    if (!timingSafeEqual(hash, sha1(rest))) continue
    return fieldsFromV2(partnerId, rest.subarray(16).toString('utf8'))
  }
  return undefined
}

function fieldsFromV2(partnerId: number, query: string): KsFields {
  const params = new URLSearchParams(query)
  const privileges: string[] = []
  for (const [name, value] of params) {
    if (!name.startsWith('_')) privileges.push(value === '' ? name : `${name}:${value}`)
  }
  return {
    version: 2,
    partnerId,
    expiry: Number.parseInt(params.get('_e') ?? '', 10) || 0,
    type: Number.parseInt(params.get('_t') ?? '', 10) || 0,
    userId: params.get('_u') ?? '',
    privileges: privileges.join(',')
  }
}

export interface KsV2Request {
  partnerId: number
  adminSecret: string
  type: number
  userId: string
  /** Absolute expiry, unix seconds. */
  expiry: number
  privileges: string
}

/** Builds a v2 KS exactly as the server's generateKsV2 does (§2.3). */
export function issueKsV2(request: KsV2Request): string {
  const fields = new URLSearchParams()
  for (const raw of request.privileges.split(',')) {
    const privilege = raw.trim() === '*' ? 'all:*' : raw.trim()
    if (privilege === '') continue
    const colon = privilege.indexOf(':')
    if (colon < 0) fields.append(privilege, '')
    else fields.append(privilege.slice(0, colon), privilege.slice(colon + 1))
  }
  fields.append('_e', String(request.expiry))
  fields.append('_t', String(request.type))
  fields.append('_u', request.userId)
  const random = randomBytes(16)
  const body = Buffer.concat([random, Buffer.from(fields.toString(), 'utf8')])
  const plain = Buffer.concat([sha1(body), body])
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)])
  const cipher = createCipheriv('aes-128-cbc', sha1(request.adminSecret).subarray(0, 16), ZERO_IV)
  cipher.setAutoPadding(false)
  const encrypted = Buffer.concat([cipher.update(padded), cipher.final()])
  return Buffer.concat([Buffer.from(`v2|${request.partnerId}|`, 'latin1'), encrypted])
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

function sha1(data: string | Buffer): Buffer {
  return createHash('sha1').update(data).digest()
}

function strictInt(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined
}

function stripTrailingZeros(buffer: Buffer): Buffer {
  let end = buffer.length
  while (end > 0 && buffer[end - 1] === 0) end--
  return buffer.subarray(0, end)
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
