// The caption calls (the caption plugin's service, caption_captionasset): create a caption asset on an entry, give it
// the file of an upload token, and read an entry's captions back. Adding captions needs CAPTION_MODIFY, which a plain
// USER KS does not hold (deployment/permissions/service.caption.captionasset.ini:9, :90).
import type { AuthenticatedCaller } from './authenticatedCall'
import type { CallOptions } from './callOptions'
import { listOf, object, optionalNumber, optionalString, requiredNumber, requiredString, withoutUndefined } from './decode'
import { listFilterParams } from './listParams'
import type { Pager } from './model'

/** KalturaCaptionType (plugins/content/caption/base/lib/model/enums/CaptionType.php). */
export const CaptionFormat = { SRT: 1, DFXP: 2, WEBVTT: 3, CAP: 4, SCC: 5 } as const
export type CaptionFormat = (typeof CaptionFormat)[keyof typeof CaptionFormat]

/** KalturaAssetStatus: READY once the content parsed, ERROR when it did not, IMPORTING while its token fills. */
export const CaptionAssetStatus = { ERROR: -1, QUEUED: 0, READY: 2, DELETED: 3, IMPORTING: 7, EXPORTING: 9 } as const

export interface NewCaptionAsset {
  /** Exactly a KalturaLanguage value ("English", not "en"); anything else is INVALID_ENUM_VALUE. */
  language: string
  format: CaptionFormat
  /** A friendly name players show. */
  label?: string
  isDefault?: boolean
}

export interface CaptionAsset {
  id: string
  entryId: string
  /** A CaptionAssetStatus value. */
  status: number
  /** The server sends it as a numeric string (a VARCHAR column); read as a number. */
  format?: number
  language?: string
  languageCode?: string
  label?: string
  isDefault?: boolean
  fileExt?: string
  sizeInBytes?: number
  createdAt?: number
  updatedAt?: number
}

export interface CaptionAssetList {
  objects: CaptionAsset[]
  totalCount: number
}

export interface CaptionService {
  /** ENTRY_ID_NOT_FOUND also for an entry that is not video or audio. */
  add(entryId: string, caption: NewCaptionAsset, options?: CallOptions): Promise<CaptionAsset>
  /** With a FULL token the asset turns READY (or ERROR) at once and the token closes; otherwise it waits IMPORTING. */
  setContentFromToken(captionAssetId: string, uploadTokenId: string, options?: CallOptions): Promise<CaptionAsset>
  get(captionAssetId: string, options?: CallOptions): Promise<CaptionAsset>
  list(entryId: string, pager?: Pager, options?: CallOptions): Promise<CaptionAssetList>
}

const SERVICE = 'caption_captionasset'

export function createCaptionService(caller: AuthenticatedCaller): CaptionService {
  return {
    add(entryId, caption, options = {}) {
      const { isDefault, ...fields } = caption
      const captionAsset = { objectType: 'KalturaCaptionAsset', ...fields, ...(isDefault === undefined ? {} : { isDefault: isDefault ? 1 : 0 }) }
      return caller.call({ service: SERVICE, action: 'add', params: { entryId, captionAsset }, decode: decodeCaptionAsset }, options)
    },

    setContentFromToken(captionAssetId, uploadTokenId, options = {}) {
      const params = { id: captionAssetId, contentResource: { objectType: 'KalturaUploadedFileTokenResource', token: uploadTokenId } }
      return caller.call({ service: SERVICE, action: 'setContent', params, decode: decodeCaptionAsset }, options)
    },

    get(captionAssetId, options = {}) {
      return caller.call({ service: SERVICE, action: 'get', params: { captionAssetId }, decode: decodeCaptionAsset }, options)
    },

    list(entryId, pager, options = {}) {
      const params = listFilterParams('KalturaCaptionAssetFilter', { entryIdEqual: entryId }, pager)
      return caller.call({ service: SERVICE, action: 'list', params, decode: (data) => listOf(data, decodeCaptionAsset, 'caption asset list') }, options)
    }
  }
}

function decodeCaptionAsset(data: unknown): CaptionAsset {
  const o = object(data, 'caption asset')
  // A KalturaNullableBoolean: 1/0 (or true/false from a server that serializes the bool); -1 means unset.
  const rawDefault = o['isDefault']
  const isDefault = rawDefault === undefined || rawDefault === null || rawDefault === -1 ? undefined : rawDefault === true || rawDefault === 1 || rawDefault === '1'
  return withoutUndefined({
    id: requiredString(o, 'id', 'caption asset'),
    entryId: requiredString(o, 'entryId', 'caption asset'),
    status: requiredNumber(o, 'status', 'caption asset'),
    format: optionalNumber(o, 'format', 'caption asset'),
    language: optionalString(o, 'language', 'caption asset'),
    languageCode: optionalString(o, 'languageCode', 'caption asset'),
    label: optionalString(o, 'label', 'caption asset'),
    isDefault,
    fileExt: optionalString(o, 'fileExt', 'caption asset'),
    sizeInBytes: optionalNumber(o, 'sizeInBytes', 'caption asset'),
    createdAt: optionalNumber(o, 'createdAt', 'caption asset'),
    updatedAt: optionalNumber(o, 'updatedAt', 'caption asset')
  })
}
