// Builds KS v1/v2 strings from an admin secret exactly as Kaltura's own clients do, and reads what a KS reveals unsigned.
import { createCipheriv, createHash, randomBytes, randomInt } from 'node:crypto'
import type { SessionType } from './model'

export interface KsContent {
  partnerId: number
  type: SessionType
  userId: string
  /** Comma-separated, e.g. "disableentitlement" or "privacycontext:x,edit:*"; "" for none. */
  privileges: string
  /** Unix seconds. */
  expiresAt: number
}

/** v1: base64( sha1hex(secret + info) | info ), info = pid;pid;expiry;type;rand;userId;privileges. */
export function generateKsV1(adminSecret: string, content: KsContent): string {
  const rand = randomInt(0, 32001)
  const info = [
    content.partnerId,
    content.partnerId,
    content.expiresAt,
    content.type,
    rand,
    content.userId,
    content.privileges
  ].join(';')
  const signature = createHash('sha1').update(adminSecret + info).digest('hex')
  return Buffer.from(`${signature}|${info}`, 'utf8').toString('base64')
}

/**
 * v2: "v2|pid|" + AES-128-CBC( sha1(rand16 + fields) + rand16 + fields ), key = sha1(secret)[0..16], zero IV,
 * zero-byte padding; base64 with + → - and / → _ (= kept).
 */
export function generateKsV2(adminSecret: string, content: KsContent): string {
  const fields = new URLSearchParams()
  for (const [name, value] of privilegeFields(content.privileges)) fields.set(name, value)
  fields.set('_e', String(content.expiresAt))
  fields.set('_t', String(content.type))
  fields.set('_u', content.userId)
  const random = randomBytes(16)
  const fieldBytes = Buffer.from(fields.toString(), 'utf8')
  const signature = createHash('sha1').update(random).update(fieldBytes).digest()
  const message = zeroPad(Buffer.concat([signature, random, fieldBytes]))
  const key = createHash('sha1').update(adminSecret, 'utf8').digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-cbc', key, Buffer.alloc(16))
  cipher.setAutoPadding(false)
  const encrypted = Buffer.concat([cipher.update(message), cipher.final()])
  const ks = Buffer.concat([Buffer.from(`v2|${content.partnerId}|`, 'utf8'), encrypted]).toString('base64')
  return ks.replaceAll('+', '-').replaceAll('/', '_')
}

/** Privileges as the server's generator splits them: trimmed, empties dropped, "*" = "all:*", "a:b" → a=b, "a" → a=. */
function privilegeFields(privileges: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const raw of privileges.split(',')) {
    const privilege = raw.trim() === '*' ? 'all:*' : raw.trim()
    if (privilege === '') continue
    const colon = privilege.indexOf(':')
    if (colon === -1) fields.set(privilege, '')
    else fields.set(privilege.slice(0, colon), privilege.slice(colon + 1))
  }
  return fields
}

function zeroPad(message: Buffer): Buffer {
  const remainder = message.length % 16
  return remainder === 0 ? message : Buffer.concat([message, Buffer.alloc(16 - remainder)])
}

export interface KsSummary {
  version: 1 | 2
  partnerId: number
  /** Unix seconds; null for v2, whose fields are encrypted with the secret. */
  expiresAt: number | null
}

const BASE64_EITHER_ALPHABET = /^[A-Za-z0-9+/_-]+={0,2}$/

/** What can be read from a KS without its secret; null when the string is not a KS at all. */
export function readKs(ks: string): KsSummary | null {
  if (!BASE64_EITHER_ALPHABET.test(ks)) return null
  const decoded = Buffer.from(ks.replaceAll('-', '+').replaceAll('_', '/'), 'base64')
  const head = decoded.subarray(0, 64).toString('latin1')
  if (head.startsWith('v2|')) {
    const partnerId = head.split('|')[1]
    return isDecimal(partnerId) ? { version: 2, partnerId: Number(partnerId), expiresAt: null } : null
  }
  const text = decoded.toString('utf8')
  const bar = text.indexOf('|')
  if (bar === -1) return null
  const [partnerId, , expiresAt, ...rest] = text.slice(bar + 1).split(';')
  if (rest.length === 0 || !isDecimal(partnerId) || !isDecimal(expiresAt)) return null
  return { version: 1, partnerId: Number(partnerId), expiresAt: Number(expiresAt) }
}

function isDecimal(value: string | undefined): value is string {
  return value !== undefined && /^-?\d+$/.test(value)
}
