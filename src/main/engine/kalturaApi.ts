// The part of the Kaltura client the engine uses, so tests and the engine agree on one narrow surface.
import type { KalturaClient } from '../kaltura'

export type KalturaApi = Pick<KalturaClient, 'uploadToken' | 'media' | 'category' | 'caption'>
