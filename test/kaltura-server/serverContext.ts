// The state every request handler shares: settings with defaults applied, storage, locks, faults, sessions, clock.
import type { KalturaTestServerOptions, RequestRecord, TestPartner, TestRole } from './api'
import { AppTokenStore } from './appTokens'
import { SessionRegistry } from './authentication'
import { CatalogStore } from './catalogStore'
import { TestClock } from './clock'
import { FaultRules } from './faults'
import { KeyedMutex } from './keyedMutex'
import { LinkRate } from './linkRate'
import { EntryIndex } from './entryIndex'
import { DEFAULT_ROLES } from './permissions'
import { limitsFrom, type RequestLimits } from './phpLimits'
import { RequestHooks } from './requestHooks'
import { Store } from './store'
import { TokenContents } from './tokenContent'
import { TokenSignals } from './tokenSignals'
import { modesFrom, type UploadModes } from './uploadModes'

export type EntryOutcome = 'ready' | 'errorConverting' | 'errorImporting'

export interface ServerSettings {
  partners: TestPartner[]
  maxResumeSeconds: number
  finalChunkWaitMs: number
  entryReadyAfter: { getCalls: number; ms: number }
  closedTokenOnAddContent: 'accept' | 'reject'
  roles: readonly TestRole[]
}

export interface ServerContext {
  readonly settings: ServerSettings
  readonly clock: TestClock
  readonly store: Store
  /** Categories, category-entry assignments and caption assets. */
  readonly catalog: CatalogStore
  readonly contents: TokenContents
  readonly tokenLocks: KeyedMutex
  readonly tokenSignals: TokenSignals
  readonly faults: FaultRules
  readonly hooks: RequestHooks
  readonly linkRate: LinkRate
  readonly sessions: SessionRegistry
  /** In memory only, like the session switches. */
  readonly appTokens: AppTokenStore
  readonly requests: RequestRecord[]
  /** Aborted by close(): ends final-chunk waits, stalls and delays. */
  readonly shutdown: AbortController
  latencyMs: number
  /** Each request body's own pace (bytes per second), on top of the shared link rate; null = none. */
  connectionRate: number | null
  entryOutcome: EntryOutcome
  readonly limits: RequestLimits
  /** List lag, moderation and referenceId permission switches (entryIndex.ts). */
  readonly entryIndex: EntryIndex
  readonly modes: UploadModes
}

export const DEFAULT_PARTNER: TestPartner = {
  id: 100,
  adminSecrets: ['test-admin-secret'],
  userSecret: 'test-user-secret'
}

export function settingsFrom(options: KalturaTestServerOptions): ServerSettings {
  return {
    partners: options.partners && options.partners.length > 0 ? options.partners : [DEFAULT_PARTNER],
    maxResumeSeconds: options.maxResumeSeconds ?? 604800,
    finalChunkWaitMs: options.finalChunkWaitMs ?? 45_000,
    entryReadyAfter: { getCalls: options.entryReadyAfter?.getCalls ?? 2, ms: options.entryReadyAfter?.ms ?? 0 },
    closedTokenOnAddContent: options.closedTokenOnAddContent ?? 'accept',
    roles: options.roles ?? DEFAULT_ROLES
  }
}

export async function createServerContext(options: KalturaTestServerOptions): Promise<ServerContext> {
  const settings = settingsFrom(options)
  const store = await Store.open(options.dataDir)
  const contents = new TokenContents(store)
  for (const token of store.tokens.values()) await contents.load(token)
  return {
    settings,
    clock: new TestClock(),
    store,
    catalog: await CatalogStore.open(options.dataDir),
    contents,
    tokenLocks: new KeyedMutex(),
    tokenSignals: new TokenSignals(),
    faults: new FaultRules(),
    hooks: new RequestHooks(),
    linkRate: new LinkRate(),
    sessions: new SessionRegistry(settings.partners),
    appTokens: new AppTokenStore(),
    requests: [],
    shutdown: new AbortController(),
    latencyMs: 0,
    connectionRate: null,
    entryOutcome: 'ready',
    limits: limitsFrom(options),
    entryIndex: new EntryIndex(options, settings.roles),
    modes: modesFrom(options)
  }
}
