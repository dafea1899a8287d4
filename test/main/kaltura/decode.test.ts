// Results from Kaltura are checked at the border: numbers or numeric strings both become numbers, nulls stay absent.
import { describe, expect, it } from 'vitest'
import {
  ResponseShapeError,
  decodeKs,
  decodeMediaEntry,
  decodeNothing,
  decodeUploadToken,
  decodeUploadTokenList
} from '../../../src/main/kaltura/decode'
import { EntryStatus, UploadTokenStatus } from '../../../src/main/kaltura/model'

const tokenFromDb = {
  id: '0_6fccfd020a1ec43d1f7015147ea92574',
  partnerId: 100,
  userId: 'u1',
  status: 0,
  fileName: 'a.mp4',
  fileSize: '1048576',
  createdAt: 1_700_000_000,
  updatedAt: '1700000001',
  objectType: 'KalturaUploadToken'
}

describe('decoding an upload token', () => {
  it('reads the numeric strings Kaltura hydrates from MySQL BIGINT columns as numbers', () => {
    expect(decodeUploadToken(tokenFromDb)).toEqual({
      id: '0_6fccfd020a1ec43d1f7015147ea92574',
      partnerId: 100,
      userId: 'u1',
      status: UploadTokenStatus.PENDING,
      fileName: 'a.mp4',
      fileSize: 1_048_576,
      createdAt: 1_700_000_000,
      updatedAt: 1_700_000_001
    })
  })

  it('reads uploadedFileSize whether it arrives as a JSON number (upload) or a string (get)', () => {
    expect(decodeUploadToken({ ...tokenFromDb, status: 1, uploadedFileSize: 5_000_000 }).uploadedFileSize).toBe(5_000_000)
    expect(decodeUploadToken({ ...tokenFromDb, status: '1', uploadedFileSize: '5000000' })).toMatchObject({
      status: UploadTokenStatus.PARTIAL_UPLOAD,
      uploadedFileSize: 5_000_000
    })
  })

  it('leaves out fields the server omitted because they were null', () => {
    const token = decodeUploadToken({ id: '0_x', status: 0 })
    expect(token).toEqual({ id: '0_x', status: 0 })
    expect('uploadedFileSize' in token).toBe(false)
  })

  it('reads sizes above 4 GiB exactly', () => {
    expect(decodeUploadToken({ ...tokenFromDb, fileSize: '5368709120' }).fileSize).toBe(5 * 1024 ** 3)
  })

  it.each([
    ['no id', { status: 0 }],
    ['no status', { id: '0_x' }],
    ['a status Kaltura does not have', { id: '0_x', status: 9 }],
    ['a size that is not a number', { id: '0_x', status: 1, uploadedFileSize: 'lots' }],
    ['an array', []],
    ['a string', 'oops']
  ])('refuses a token with %s', (_, data) => {
    expect(() => decodeUploadToken(data)).toThrow(ResponseShapeError)
  })
})

describe('decoding a media entry', () => {
  const entry = { id: '0_ba9href0', name: 'clip', status: 7, mediaType: 1, type: 1, createdAt: 1_700_000_000 }

  it('reads a known status as its number, whether sent as a number or a string', () => {
    expect(decodeMediaEntry(entry).status).toBe(EntryStatus.NO_CONTENT)
    expect(decodeMediaEntry({ ...entry, status: '2' }).status).toBe(EntryStatus.READY)
  })

  it('keeps a plugin status such as virusScan.Infected as its string', () => {
    expect(decodeMediaEntry({ ...entry, status: 'virusScan.Infected' }).status).toBe('virusScan.Infected')
  })

  it('refuses an entry without a status', () => {
    expect(() => decodeMediaEntry({ id: '0_a', name: 'n' })).toThrow(ResponseShapeError)
  })
})

describe('decoding other results', () => {
  it('reads a token list, with objects absent when empty', () => {
    expect(decodeUploadTokenList({ objects: [tokenFromDb], totalCount: '1' }).totalCount).toBe(1)
    expect(decodeUploadTokenList({ totalCount: 0, objectType: 'KalturaUploadTokenListResponse' })).toEqual({
      objects: [],
      totalCount: 0
    })
  })

  it('accepts only a non-empty string as a KS and only null from a void action', () => {
    expect(decodeKs('djJ8MTAwfA==')).toBe('djJ8MTAwfA==')
    expect(() => decodeKs({ ks: 'x' })).toThrow(ResponseShapeError)
    expect(() => decodeNothing(null)).not.toThrow()
    expect(() => decodeNothing({})).toThrow(ResponseShapeError)
  })
})
