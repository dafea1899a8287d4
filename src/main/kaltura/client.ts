// The Kaltura client facade: one object holding the endpoint, the session and the uploadToken, media, category and
// caption calls.
import { startAppTokenSession } from './appTokenSession'
import { createAuthenticatedCaller } from './authenticatedCall'
import type { CallOptions } from './callOptions'
import { createCaptionService, type CaptionService } from './captionService'
import { createCategoryService, type CategoryService } from './categoryService'
import { createMediaService, type MediaService } from './mediaService'
import { createPermissionService, type PermissionService } from './permissionService'
import { SessionProvider, type KalturaCredentials } from './session'
import { startSession, type SessionStartRequest } from './sessionService'
import type { KalturaEndpoint } from './transport'
import { createUploadTokenService, type UploadTokenService } from './uploadTokenService'

export interface KalturaClientOptions {
  /** e.g. https://www.kaltura.com; the API lives under {serviceUrl}/api_v3. */
  serviceUrl: string
  credentials: KalturaCredentials
  /** Free text the server logs with each request. */
  clientTag?: string
  apiVersion?: string
  /** Replaces node:http for JSON calls (tests record requests or rewrite replies). */
  fetch?: typeof fetch
  /** Milliseconds since the epoch, for KS expiry; injectable for tests. */
  now?: () => number
}

export interface KalturaClient {
  readonly session: {
    /** session.start with any secret, independent of the client's own credentials. */
    start(request: SessionStartRequest, options?: CallOptions): Promise<string>
    /** The client's own session: current KS, expiry, renewal. */
    readonly provider: SessionProvider
  }
  readonly uploadToken: UploadTokenService
  readonly media: MediaService
  readonly category: CategoryService
  readonly caption: CaptionService
  readonly permission: PermissionService
}

const DEFAULT_CLIENT_TAG = 'kaltura-batch-uploader'
const DEFAULT_API_VERSION = '22.18.0'

/** Throws TypeError for a service URL that is not http(s); everything else fails per call, as error values. */
export function createKalturaClient(options: KalturaClientOptions): KalturaClient {
  const endpoint: KalturaEndpoint = {
    serviceUrl: checkedServiceUrl(options.serviceUrl),
    clientTag: options.clientTag ?? DEFAULT_CLIENT_TAG,
    apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
    ...(options.fetch ? { fetch: options.fetch } : {})
  }
  const provider = new SessionProvider(options.credentials, {
    startSession: (request, signal) => startSession(endpoint, request, signal ? { signal } : {}),
    startAppTokenSession: (request, signal) => startAppTokenSession(endpoint, request, signal ? { signal } : {}),
    ...(options.now ? { now: options.now } : {})
  })
  const caller = createAuthenticatedCaller(endpoint, provider)
  return {
    session: {
      start: (request, callOptions) => startSession(endpoint, request, callOptions),
      provider
    },
    uploadToken: createUploadTokenService(caller),
    media: createMediaService(caller),
    category: createCategoryService(caller),
    caption: createCaptionService(caller),
    permission: createPermissionService(caller)
  }
}

function checkedServiceUrl(serviceUrl: string): string {
  const url = new URL(serviceUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`service URL must be http(s): ${serviceUrl}`)
  return url.href.replace(/\/+$/, '')
}
