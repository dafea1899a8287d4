// KS v1/v2 built here must decode, with an independent decoder written from the protocol notes, to what was asked.
import { createDecipheriv, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateKsV1, generateKsV2, readKs, type KsContent } from '../../../src/main/kaltura/ks'
import { SessionType } from '../../../src/main/kaltura/model'

const secret = 'a1b2c3d4e5f6-admin-secret'
const content: KsContent = {
  partnerId: 4242,
  type: SessionType.ADMIN,
  userId: 'uploader@example.com',
  privileges: 'disableentitlement, privacycontext:abc:def ,,*',
  expiresAt: 1_900_000_000
}

/** The server's v1 check: base64 → "sig|info", sig = sha1hex(secret + info). */
function decodeV1(ks: string, adminSecret: string): string[] | null {
  const text = Buffer.from(ks, 'base64').toString('utf8')
  const bar = text.indexOf('|')
  const signature = text.slice(0, bar)
  const info = text.slice(bar + 1)
  if (createHash('sha1').update(adminSecret + info).digest('hex') !== signature) return null
  return info.split(';')
}

/** The server's v2 check: url-safe base64 → "v2|pid|" + AES-128-CBC(sha1 + rand16 + fields), zero IV and padding. */
function decodeV2(ks: string, adminSecret: string): { partnerId: string; fields: URLSearchParams; plainLength: number } | null {
  const raw = Buffer.from(ks.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  const secondBar = raw.indexOf('|', 3)
  const prefix = raw.subarray(0, secondBar + 1).toString('latin1')
  const [version, partnerId] = prefix.split('|')
  if (version !== 'v2' || partnerId === undefined) return null
  const encrypted = raw.subarray(secondBar + 1)
  const key = createHash('sha1').update(adminSecret).digest().subarray(0, 16)
  const decipher = createDecipheriv('aes-128-cbc', key, Buffer.alloc(16, 0))
  decipher.setAutoPadding(false)
  let plain = Buffer.concat([decipher.update(encrypted), decipher.final()])
  let end = plain.length
  while (end > 0 && plain[end - 1] === 0) end--
  plain = plain.subarray(0, end)
  const signature = plain.subarray(0, 20)
  const rest = plain.subarray(20)
  if (!createHash('sha1').update(rest).digest().equals(signature)) return null
  return { partnerId, fields: new URLSearchParams(rest.subarray(16).toString('utf8')), plainLength: encrypted.length }
}

describe('KS v1 generated from the admin secret', () => {
  it('is standard base64 of a signature over pid;pid;expiry;type;rand;user;privileges', () => {
    const ks = generateKsV1(secret, content)
    expect(ks).toMatch(/^[A-Za-z0-9+/]+=*$/)
    const fields = decodeV1(ks, secret)
    expect(fields).not.toBeNull()
    const [pid, pattern, expiry, type, rand, user, privileges] = fields ?? []
    expect([pid, pattern, expiry, type, user, privileges]).toEqual([
      '4242',
      '4242',
      '1900000000',
      '2',
      'uploader@example.com',
      'disableentitlement, privacycontext:abc:def ,,*'
    ])
    expect(Number(rand)).toBeGreaterThanOrEqual(0)
    expect(Number(rand)).toBeLessThanOrEqual(32000)
  })

  it('fails the signature check under a different secret', () => {
    expect(decodeV1(generateKsV1(secret, content), 'another-secret')).toBeNull()
  })

  it('reveals its partner and expiry without the secret', () => {
    expect(readKs(generateKsV1(secret, content))).toEqual({ version: 1, partnerId: 4242, expiresAt: 1_900_000_000 })
  })
})

describe('KS v2 generated from the admin secret', () => {
  it('decrypts to signed privilege, _e, _t and _u fields under the same secret', () => {
    const ks = generateKsV2(secret, content)
    expect(ks).toMatch(/^[A-Za-z0-9_-]+=*$/)
    const decoded = decodeV2(ks, secret)
    expect(decoded?.partnerId).toBe('4242')
    expect([...(decoded?.fields ?? [])]).toEqual([
      ['disableentitlement', ''],
      ['privacycontext', 'abc:def'],
      ['all', '*'],
      ['_e', '1900000000'],
      ['_t', '2'],
      ['_u', 'uploader@example.com']
    ])
  })

  it('does not decrypt to a valid signature under a wrong secret', () => {
    expect(decodeV2(generateKsV2(secret, content), 'wrong-secret')).toBeNull()
  })

  it('adds no padding block when the signed message already fills whole AES blocks', () => {
    // 20 (sha1) + 16 (random) + fields; pick a user id that makes the fields 12 mod 16 long.
    const fieldsFor = (userId: string): string => new URLSearchParams({ _e: '1900000000', _t: '0', _u: userId }).toString()
    let userId = 'u'
    while ((36 + fieldsFor(userId).length) % 16 !== 0) userId += 'x'
    const ks = generateKsV2(secret, { ...content, privileges: '', type: SessionType.USER, userId })
    const decoded = decodeV2(ks, secret)
    expect(decoded?.plainLength).toBe(36 + fieldsFor(userId).length)
    expect(decoded?.fields.get('_u')).toBe(userId)
  })

  it('keeps the = padding of base64 and swaps + and / for - and _', () => {
    const samples = Array.from({ length: 40 }, () => generateKsV2(secret, content))
    expect(samples.every((ks) => !ks.includes('+') && !ks.includes('/'))).toBe(true)
    expect(samples.some((ks) => ks.endsWith('='))).toBe(true)
  })

  it('reveals its partner but not its expiry without the secret', () => {
    expect(readKs(generateKsV2(secret, content))).toEqual({ version: 2, partnerId: 4242, expiresAt: null })
  })
})

describe('reading a KS someone pasted', () => {
  it('rejects strings that are not a KS', () => {
    expect(readKs('')).toBeNull()
    expect(readKs('not a ks!')).toBeNull()
    expect(readKs(Buffer.from('hello|world').toString('base64'))).toBeNull()
  })
})
