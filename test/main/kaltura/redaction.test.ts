// Secrets and KS strings never survive into text the client builds, whatever spelling they travel in.
import { describe, expect, it } from 'vitest'
import { REDACTED, redact, redactApiErrorText } from '../../../src/main/kaltura/redact'

describe('redact', () => {
  it('removes a secret in its plain, base64-alphabet-swapped and URL-encoded spellings', () => {
    const ks = 'djJ8MTAwfAb+c/d=='
    const text = `a ${ks} b djJ8MTAwfAb-c_d== c ${encodeURIComponent(ks)} d`
    expect(redact(text, [ks])).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d`)
  })

  it('removes the longer of two overlapping secrets whole', () => {
    expect(redact('x secret-plus-more y', ['secret', 'secret-plus-more'])).toBe(`x ${REDACTED} y`)
  })

  it('ignores empty secrets instead of garbling the text', () => {
    expect(redact('plain text', ['', 'absent'])).toBe('plain text')
  })
})

describe('redacting an API error', () => {
  const redactor = (text: string, extra: readonly string[] = []): string => redact(text, ['known-ks', ...extra])

  it('treats an INVALID_KS KSID as a KS even when the client never issued it', () => {
    const strangeKs = 'djJ8OTk5fHNvbWVvdGhlcmtz'
    const result = redactApiErrorText(
      `Invalid KS "${strangeKs}", Error "-1,INVALID_STR"`,
      { KSID: strangeKs, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' },
      redactor
    )
    expect(result.message).toBe(`Invalid KS "${REDACTED}", Error "-1,INVALID_STR"`)
    expect(result.args).toEqual({ KSID: REDACTED, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' })
  })

  it('keeps a KSID that is a reason word such as EXPIRED', () => {
    const result = redactApiErrorText('Invalid KS "EXPIRED", Error "-1,INVALID_STR"', { KSID: 'EXPIRED' }, redactor)
    expect(result.message).toBe('Invalid KS "EXPIRED", Error "-1,INVALID_STR"')
    expect(result.args['KSID']).toBe('EXPIRED')
  })

  it('removes known secrets from any arg', () => {
    expect(redactApiErrorText('m known-ks', { OTHER: 'has known-ks in it' }, redactor)).toEqual({
      message: `m ${REDACTED}`,
      args: { OTHER: `has ${REDACTED} in it` }
    })
  })
})
