// Test-local KS maker/reader (protocol §2.2–2.3), written separately from the server's ks.ts so each checks the other.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

export interface TestKsSpec {
  partnerId: number
  secret: string
  /** Absolute expiry, unix seconds. */
  expiry: number
  /** 0 USER, 2 ADMIN. */
  type?: number
  userId?: string
  privileges?: string
}

/** v1: base64("sha1hex(secret + info)|info"), info = pid;pid;expiry;type;rand;user;privileges. */
export function makeKsV1(spec: TestKsSpec): string {
  const info = [spec.partnerId, spec.partnerId, spec.expiry, spec.type ?? 2, Math.floor(Math.random() * 32000), spec.userId ?? '', spec.privileges ?? ''].join(';')
  const signature = createHash('sha1').update(spec.secret + info).digest('hex')
  return Buffer.from(`${signature}|${info}`, 'utf8').toString('base64')
}

/** v2: AES-128-CBC(sha1(secret)[0..16], zero IV, zero padding) of sha1(rand+fields) + rand + fields, url-safe base64. */
export function makeKsV2(spec: TestKsSpec): string {
  const query = new URLSearchParams()
  for (const privilege of (spec.privileges ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [name, ...value] = privilege.split(':')
    query.append(name ?? '', value.join(':'))
  }
  query.append('_e', String(spec.expiry))
  query.append('_t', String(spec.type ?? 2))
  query.append('_u', spec.userId ?? '')
  const salted = Buffer.concat([randomBytes(16), Buffer.from(query.toString())])
  const signed = Buffer.concat([createHash('sha1').update(salted).digest(), salted])
  const blocks = Math.ceil(signed.length / 16)
  const padded = Buffer.alloc(blocks * 16)
  signed.copy(padded)
  const cipher = createCipheriv('aes-128-cbc', createHash('sha1').update(spec.secret).digest().subarray(0, 16), Buffer.alloc(16))
  cipher.setAutoPadding(false)
  const body = Buffer.concat([cipher.update(padded), cipher.final()])
  const raw = Buffer.concat([Buffer.from(`v2|${spec.partnerId}|`), body]).toString('base64')
  return raw.split('+').join('-').split('/').join('_')
}

/** Reads the fields of a v2 KS (no signature check beyond the embedded SHA-1); throws when it does not decrypt. */
export function readKsV2(ks: string, secret: string): { partnerId: number; expiry: number; type: number; userId: string; privileges: string } {
  const raw = Buffer.from(ks.split('-').join('+').split('_').join('/'), 'base64')
  const header = /^v2\|(\d+)\|/.exec(raw.toString('latin1'))
  if (!header) throw new Error('not a v2 KS')
  const decipher = createDecipheriv('aes-128-cbc', createHash('sha1').update(secret).digest().subarray(0, 16), Buffer.alloc(16))
  decipher.setAutoPadding(false)
  const plain = Buffer.concat([decipher.update(raw.subarray(header[0].length)), decipher.final()])
  let end = plain.length
  while (end > 0 && plain[end - 1] === 0) end--
  const rest = plain.subarray(20, end)
  if (!createHash('sha1').update(rest).digest().equals(plain.subarray(0, 20))) throw new Error('KS signature mismatch')
  const fields = new URLSearchParams(rest.subarray(16).toString('utf8'))
  return {
    partnerId: Number(header[1]),
    expiry: Number(fields.get('_e')),
    type: Number(fields.get('_t')),
    userId: fields.get('_u') ?? '',
    privileges: [...fields]
      .filter(([name]) => !name.startsWith('_'))
      .map(([name, value]) => (value === '' ? name : `${name}:${value}`))
      .join(',')
  }
}
