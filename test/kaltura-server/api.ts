// The test server's programmatic contract: what tests, benchmarks and `npm run kaltura:dev` use to start,
// inspect and fault a Kaltura-compatible server. Every control here is also reachable over HTTP under
// POST {url}/__test/<name> with a JSON body, so a server in another process can be driven the same way.

export interface TestPartner {
  id: number
  /** Admin secrets; several allowed, as Kaltura does for rotation (comma list on the real server). */
  adminSecrets: string[]
  /** The partner's user secret (session.start with type 0 accepts it too). */
  userSecret: string
}

/** A user role a KS can name with `setrole:<id or systemName>`; permissions use Kaltura's names. */
export interface TestRole {
  id: number
  systemName: string
  /** e.g. CONTENT_INGEST_UPLOAD, CONTENT_MANAGE_BASE, BASE_USER_SESSION_PERMISSION (see permissions.ts). */
  permissions: string[]
}

export type AppTokenHashType = 'SHA1' | 'MD5' | 'SHA256' | 'SHA512'

/** What appToken.add takes (api_v3/lib/types/KalturaAppToken.php), plus the token and status for tests. */
export interface AppTokenSpec {
  /** The secret; generated as 32 hex characters (KalturaAppToken.php:155) when absent. */
  token?: string
  /** Default SHA1, the model's fallback (alpha/lib/model/AppToken.php:66). */
  hashType?: AppTokenHashType
  /** Comma-separated privileges every KS from this token carries. */
  sessionPrivileges?: string
  /** KS lifetime in seconds; default 86400 (the partner's KS max expiry, KalturaAppToken.php:147-150). */
  sessionDuration?: number
  /** Unix seconds (server clock); startSession past it → APP_TOKEN_EXPIRED. None by default. */
  expiry?: number
  /** Default 'active'. */
  status?: 'active' | 'disabled'
  /** Overrides the type the caller asks for; unset → the caller's, else USER (AppTokenService.php:194-197). */
  sessionType?: 0 | 2
  /** Overrides the userId the caller asks for (AppTokenService.php:199-200). */
  sessionUserId?: string
  /** Default: the server's first partner. */
  partnerId?: number
}

export interface AppTokenInfo {
  id: string
  token: string
  partnerId: number
  /** 1 DISABLED, 2 ACTIVE, 3 DELETED (alpha/lib/enums/AppTokenStatus.php). */
  status: 1 | 2 | 3
  hashType: AppTokenHashType
  sessionDuration: number
  expiry?: number
  sessionType?: 0 | 2
  sessionUserId?: string
  sessionPrivileges?: string
}

export interface KalturaTestServerOptions {
  /** Directory holding tokens, chunks, assembled files and entries; reused across restarts. */
  dataDir: string
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Defaults to 127.0.0.1. */
  host?: string
  /** Defaults to one partner: id 100, admin secret 'test-admin-secret', user secret 'test-user-secret'. */
  partners?: TestPartner[]
  /** Resume window for PARTIAL tokens in seconds; real default 604800 (7 days). */
  maxResumeSeconds?: number
  /** How long a verified final chunk waits for missing chunks before CANNOT_MATCH_EXPECTED_SIZE; real ~45 s. */
  finalChunkWaitMs?: number
  /** When an entry whose content arrived turns READY: after this many media.get calls and this many ms (both). */
  entryReadyAfter?: { getCalls?: number; ms?: number }
  /** media.addContent with an already CLOSED token: 'accept' (real behaviour, entry stuck in IMPORT) or 'reject'. */
  closedTokenOnAddContent?: 'accept' | 'reject'
  /** PHP's upload_max_filesize: a larger fileData part gets UPLOAD_ERROR (HTTP 200), nothing stored. Default none. */
  partLimitBytes?: number
  /** PHP's post_max_size: a larger body loses every field (KS, format, uploadTokenId) and its part. Default none. */
  bodyLimitBytes?: number
  /** Roles a KS may name with setrole; default one example, id 1001 "UPLOADER_ROLE" (permissions.ts). */
  roles?: TestRole[]
  /** media.list (the real search index) shows an entry only this many ms after media.add; media.get at once. Default 0. */
  listLagMs?: number
  /** A session without CONTENT_INGEST_REFERENCE_MODIFY gets referenceId dropped, silently, as on real Kaltura. Default off. */
  referenceIdNeedsPermission?: boolean
  /** The partner moderates content: new entries are PENDING_MODERATION, hidden from a default media.list. Default off. */
  moderateContent?: boolean
  /** Real Kaltura's unlocked chunk writes instead of one lock per token (README "Harsher modes"). Default false. */
  unlockedWrites?: boolean
  /** SaaS's minimumChunkSize: a smaller non-final part → UPLOAD_TOKEN_CHUNK_TOO_SMALL. Default none. */
  minimumChunkBytes?: number
  /** A proxy's read timeout: a request not answered within this gets a 504 while the server goes on. Default none. */
  proxyCutMs?: number
}

/** The entry switches faults.setEntrySwitches changes at run time (see the options of the same names). */
export interface EntrySwitchSettings {
  listLagMs?: number
  referenceIdNeedsPermission?: boolean
  moderateContent?: boolean
}

/** What faults.setModes changes: a missing key keeps a mode, null lifts one. */
export interface UploadModeChanges {
  unlockedWrites?: boolean
  minimumChunkBytes?: number | null
  proxyCutMs?: number | null
}

export type FaultAction =
  /** Read part of the request body, then destroy the socket (connection reset mid-request). */
  | { kind: 'reset'; afterBytes?: number }
  /** Reply with this HTTP status and a non-JSON body (as a proxy would), without processing the request. */
  | { kind: 'http'; status: 413 | 429 | 500 | 502 | 503 | 504; body?: string; retryAfterSeconds?: number }
  /** Read the request and never reply (until the client gives up or the server closes). */
  | { kind: 'stall' }
  /** Process the request fully (the chunk is stored), then destroy the socket instead of replying. */
  | { kind: 'dropReply' }
  /** Process the request, then wait this long before replying. */
  | { kind: 'delay'; ms: number }

export interface FaultMatch {
  service?: string
  action?: string
  /** Only upload calls carrying this finalChunk value. */
  finalChunk?: boolean
  uploadTokenId?: string
}

export interface FaultRule {
  match?: FaultMatch
  action: FaultAction
  /** Let this many matching requests through first. Default 0. */
  skip?: number
  /** Apply to this many matching requests, then retire. Default 1; -1 = forever. */
  times?: number
  /** Apply to each matching request with this probability (deterministic PRNG seeded per rule). Default 1. */
  probability?: number
  seed?: number
}

/**
 * A test's callback for matching requests (in-process only: a function cannot travel over the control API).
 * It is awaited once the request has arrived in full (body read, file part stored in scratch), before any fault on
 * it takes effect and before the server processes it, so the reply waits for it. Requests a `reset` cuts short
 * never reach it. If it throws, the server resets that connection without processing the request and the handle's
 * `finished` rejects with the error.
 */
export interface RequestHook {
  match?: FaultMatch
  /** Let this many matching requests through first. Default 0. */
  skip?: number
  /** Run for this many matching requests, then retire. Default 1; -1 = forever. */
  times?: number
  /** Gets a copy of the request's record: service, action, uploadTokenId, resumeAt, finalChunk, partBytes... */
  run(request: RequestRecord): void | Promise<void>
}

export interface RequestHookHandle {
  /** Completed runs so far. */
  readonly runs: number
  /** Resolves when the last of `times` runs has completed (never, for -1); rejects with the error a run threw. */
  readonly finished: Promise<void>
  /** Retires the hook; a run in progress completes. */
  remove(): void
}

export interface UploadInfo {
  id: string
  status: number
  fileName?: string
  fileSize?: number
  /** Contiguous bytes assembled so far. */
  uploadedFileSize: number
  /** SHA-256 (hex) of the contiguous assembled bytes. */
  sha256: string
  /** Total fileData bytes the server received for this token across all requests, including faulted ones. */
  bytesReceived: number
  /** Number of upload requests that carried a fileData part. */
  uploadRequests: number
  parkedChunks: number
  userId: string
  attachedEntryId?: string
}

export interface EntryInfo {
  id: string
  partnerId: number
  name: string
  status: number
  mediaType: number
  description?: string
  tags?: string
  categories?: string
  referenceId?: string
  userId?: string
  tokenId?: string
  /** Size and SHA-256 of the content the entry received, once attached. */
  size?: number
  sha256?: string
}

export interface RequestRecord {
  at: number
  /** When the reply was sent or the connection closed. */
  endedAt?: number
  /** The reply was sent in full (false when the client went away first or a fault cut it). */
  replied?: boolean
  service: string
  action: string
  uploadTokenId?: string
  resume?: boolean
  resumeAt?: number
  finalChunk?: boolean
  partBytes?: number
  /** A body over bodyLimitBytes: its declared length, read and thrown away unparsed. */
  droppedBodyBytes?: number
  /** Which fault applied, if any. */
  fault?: FaultAction['kind']
  /** The "proxy" answered 504 because the server took longer than proxyCutMs; the server still finished it. */
  proxyCut?: boolean
  /** API error code returned, if any. */
  errorCode?: string
  /** Every parameter as the server read it (URL over body), file parts excepted: what a server log would show. */
  params?: Record<string, unknown>
}

export interface KalturaTestServer {
  /** Service URL to give a client, e.g. http://127.0.0.1:43127 */
  readonly url: string
  readonly port: number
  readonly partnerId: number
  readonly adminSecret: string
  readonly userSecret: string

  faults: {
    add(rule: FaultRule): string
    /** Runs a test callback at an exact point of a matching request; see RequestHook. */
    onRequest(hook: RequestHook): RequestHookHandle
    /** Removes every fault rule and request hook. */
    clear(): void
    /** Throttle request bodies to this many bytes per second across the server; null = unlimited. */
    setLinkRate(bytesPerSecond: number | null): void
    /**
     * Paces each request body on its own to this many bytes per second, as one TCP connection is on a lossy link
     * (loss, not the line, sets its pace): more requests at once move more bytes. null = no such limit.
     */
    setConnectionRate(bytesPerSecond: number | null): void
    /** Added before every reply (simulates round-trip time). */
    setLatency(ms: number): void
    /** Every KS seen so far becomes expired (INVALID_KS with KSID "EXPIRED"); new ones work. */
    expireAllSessions(): void
    /** Every KS seen so far becomes invalid (INVALID_KS with the KS as KSID, INVALID_STR). */
    invalidateAllSessions(): void
    /** How entries end processing from now on: 'ready' (default), -1 'errorConverting', -2 'errorImporting'. */
    setEntryOutcome(outcome: 'ready' | 'errorConverting' | 'errorImporting'): void
    /** Changes PHP's limits from now on (partLimitBytes, bodyLimitBytes); null lifts one, a missing key keeps it. */
    setLimits(limits: { partLimitBytes?: number | null; bodyLimitBytes?: number | null }): void
    /** Changes listLagMs, referenceIdNeedsPermission, moderateContent from now on; a missing key keeps it. */
    setEntrySwitches(switches: EntrySwitchSettings): void
    /** Changes the harsher upload modes from now on (unlockedWrites, minimumChunkBytes, proxyCutMs). */
    setModes(changes: UploadModeChanges): void
    /** Stop accepting connections (refused) until up() is called; the port is kept. */
    down(): Promise<void>
    up(): Promise<void>
  }

  /** Application tokens, as an admin would manage them with appToken.add/update/delete. */
  appTokens: {
    /** Returns the new token's id: `0_` + 8 [0-9a-z] (AppToken.php:20-35, kString::generateStringId). */
    add(spec: AppTokenSpec): string
    get(id: string): AppTokenInfo | undefined
    /** appToken.update with status DISABLED: new sessions refused, KSs already issued keep working. */
    disable(id: string): void
    /** appToken.delete: the token is gone (APP_TOKEN_ID_NOT_FOUND) and every KS it issued is logged out. */
    delete(id: string): void
  }

  clock: {
    /** Move the server's clock forward (KS expiry, resume window, timestamps). */
    advance(seconds: number): void
    now(): number
  }

  inspect: {
    uploads(): UploadInfo[]
    upload(tokenId: string): UploadInfo | undefined
    entries(): EntryInfo[]
    entry(entryId: string): EntryInfo | undefined
    /** Every request the server saw, oldest first (kept in memory only). */
    requests(): RequestRecord[]
    /** Path of the token's assembled bytes on disk (first uploadedFileSize bytes are the contiguous data). */
    dataPath(tokenId: string): string | undefined
    /** Path of a caption asset's stored content, once setContent gave it some. */
    captionContentPath(captionAssetId: string): string | undefined
  }

  close(): Promise<void>
}
