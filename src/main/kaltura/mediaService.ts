// The media calls: create an entry, attach an upload token's file as its content, find, read, update and delete entries.
import type { AuthenticatedCaller } from './authenticatedCall'
import type { CallOptions } from './callOptions'
import { decodeMediaEntry, decodeMediaEntryList, decodeNothing } from './decode'
import { listFilterParams } from './listParams'
import type { MediaEntry, MediaEntryFilter, MediaEntryList, MediaEntryUpdate, NewMediaEntry, Pager } from './model'

export interface MediaService {
  add(entry: NewMediaEntry, options?: CallOptions): Promise<MediaEntry>
  /** Works before or after the token is full; the entry then processes on its own. */
  addContent(entryId: string, uploadTokenId: string, options?: CallOptions): Promise<MediaEntry>
  get(entryId: string, options?: CallOptions): Promise<MediaEntry>
  /** e.g. by referenceIdEqual, to find the entry a crashed run already created. */
  list(filter?: MediaEntryFilter, pager?: Pager, options?: CallOptions): Promise<MediaEntryList>
  /** Changes only the fields given. A field the session may not change is dropped without an error: read the reply. */
  update(entryId: string, changes: MediaEntryUpdate, options?: CallOptions): Promise<MediaEntry>
  delete(entryId: string, options?: CallOptions): Promise<void>
}

const SERVICE = 'media'

export function createMediaService(caller: AuthenticatedCaller): MediaService {
  return {
    add(entry, options = {}) {
      return caller.call(
        { service: SERVICE, action: 'add', params: { entry: { objectType: 'KalturaMediaEntry', ...entry } }, decode: decodeMediaEntry },
        options
      )
    },

    addContent(entryId, uploadTokenId, options = {}) {
      return caller.call(
        {
          service: SERVICE,
          action: 'addContent',
          params: { entryId, resource: { objectType: 'KalturaUploadedFileTokenResource', token: uploadTokenId } },
          decode: decodeMediaEntry
        },
        options
      )
    },

    get(entryId, options = {}) {
      return caller.call({ service: SERVICE, action: 'get', params: { entryId }, decode: decodeMediaEntry }, options)
    },

    list(filter, pager, options = {}) {
      return caller.call(
        { service: SERVICE, action: 'list', params: listFilterParams('KalturaMediaEntryFilter', filter, pager), decode: decodeMediaEntryList },
        options
      )
    },

    update(entryId, changes, options = {}) {
      return caller.call(
        { service: SERVICE, action: 'update', params: { entryId, mediaEntry: { objectType: 'KalturaMediaEntry', ...changes } }, decode: decodeMediaEntry },
        options
      )
    },

    delete(entryId, options = {}) {
      return caller.call({ service: SERVICE, action: 'delete', params: { entryId }, decode: decodeNothing }, options)
    }
  }
}
