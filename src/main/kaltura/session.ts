// Hands out the KS for calls: issues it from an admin secret (locally or via session.start) or an application token, or
// uses a pasted one, and renews it.
import { inspect } from 'node:util'
import type { AppTokenHashType, AppTokenSession, AppTokenSessionRequest } from './appTokenSession'
import { KalturaAbortedError } from './errors'
import { generateKsV1, generateKsV2, readKs } from './ks'
import { SessionType } from './model'
import { redact } from './redact'
import type { SessionStartRequest } from './sessionService'

export type KalturaCredentials =
  /** A KS from elsewhere (pasted, or issued by a backend). It cannot be renewed; a v2 KS's expiry is unknown. */
  | { kind: 'ks'; ks: string }
  | {
      kind: 'admin-secret'
      partnerId: number
      adminSecret: string
      /** 'local' signs the KS here (no round trip); 'server' asks session.start. */
      issuer: 'local' | 'server'
      /** For 'local' only; default 2. */
      ksVersion?: 1 | 2
      /** Default ADMIN. */
      type?: SessionType
      userId?: string
      privileges?: string
      /** Default 86400. */
      expirySeconds?: number
    }
  | {
      kind: 'app-token'
      partnerId: number
      tokenId: string
      /** The application token's value: a secret, sent only as the input of a hash (appTokenSession.ts). */
      token: string
      /** Must be the token's hashType on the server. Default SHA256; a token created without one uses SHA1. */
      hashType?: AppTokenHashType
      /** Used only when the token names no user of its own. */
      userId?: string
      /** Used only when the token names no session type of its own; unset → USER. */
      type?: SessionType
      /** Shorter than the token allows, if wanted; the server never grants longer. */
      expirySeconds?: number
    }

export interface SessionProviderDependencies {
  startSession(request: SessionStartRequest, signal: AbortSignal | undefined): Promise<string>
  startAppTokenSession(request: AppTokenSessionRequest, signal: AbortSignal | undefined): Promise<AppTokenSession>
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number
}

interface IssuedKs {
  ks: string
  /** Unix seconds, or null when unknown. */
  expiresAt: number | null
  /** When the KS was obtained, Unix seconds. */
  issuedAt: number
}

const DEFAULT_EXPIRY_SECONDS = 86_400
/** Renew when this close to expiry, or a quarter of the KS lifetime if that is shorter. */
const RENEW_MARGIN_SECONDS = 300
/** KSs handed out earlier stay known to the redactor, in case the server echoes an old one. */
const REMEMBERED_KS_COUNT = 8

export class SessionProvider {
  readonly #credentials: KalturaCredentials
  readonly #startSession: SessionProviderDependencies['startSession']
  readonly #startAppTokenSession: SessionProviderDependencies['startAppTokenSession']
  readonly #now: () => number
  #current: IssuedKs | null = null
  #renewal: Promise<IssuedKs> | null = null
  readonly #handedOut: string[] = []

  constructor(credentials: KalturaCredentials, dependencies: SessionProviderDependencies) {
    this.#credentials =
      credentials.kind === 'ks' ? { kind: 'ks', ks: credentials.ks.trim() } : { ...credentials }
    this.#startSession = dependencies.startSession
    this.#startAppTokenSession = dependencies.startAppTokenSession
    this.#now = dependencies.now ?? Date.now
    if (this.#credentials.kind === 'ks') {
      const ks = this.#credentials.ks
      this.#current = { ks, expiresAt: readKs(ks)?.expiresAt ?? null, issuedAt: this.#seconds() }
      this.#remember(ks)
    }
  }

  /** The partner the KS is for: known for secrets and pasted v1/v2 KSs; null when a pasted string is not a KS. */
  get partnerId(): number | null {
    const credentials = this.#credentials
    return credentials.kind === 'ks' ? readKs(credentials.ks)?.partnerId ?? null : credentials.partnerId
  }

  /** Unix seconds; null before the first KS, or when unknown (pasted v2). */
  get expiresAt(): number | null {
    return this.#current?.expiresAt ?? null
  }

  /** The KS to use now; issues a new one first when there is none or the current one is near expiry. */
  async ks(signal?: AbortSignal): Promise<string> {
    const current = this.#current
    if (current && !this.#nearExpiry(current)) return current.ks
    if (this.#credentials.kind === 'ks') return this.#credentials.ks
    return (await this.#issueOnce(signal)).ks
  }

  /**
   * Called after the server refused `rejectedKs`. Resolves to a fresh KS (shared by concurrent callers), or null
   * when the session cannot be renewed because the KS was pasted.
   */
  async renew(rejectedKs: string, signal?: AbortSignal): Promise<string | null> {
    if (this.#credentials.kind === 'ks') return null
    if (this.#current && this.#current.ks !== rejectedKs) return this.#current.ks
    return (await this.#issueOnce(signal)).ks
  }

  /** Removes every KS handed out so far and the admin secret or app token from text, plus any extra secrets given. */
  readonly redact = (text: string, extraSecrets: readonly string[] = []): string => {
    const secrets = [...this.#handedOut, ...extraSecrets]
    if (this.#credentials.kind === 'admin-secret') secrets.push(this.#credentials.adminSecret)
    if (this.#credentials.kind === 'app-token') secrets.push(this.#credentials.token)
    return redact(text, secrets)
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.#credentials.kind, partnerId: this.partnerId, expiresAt: this.expiresAt }
  }

  toString(): string {
    return `SessionProvider(${this.#credentials.kind}, partner ${this.partnerId ?? 'unknown'})`
  }

  [inspect.custom](): string {
    return this.toString()
  }

  #nearExpiry(issued: IssuedKs): boolean {
    if (issued.expiresAt === null) return false
    const lifetime = issued.expiresAt - issued.issuedAt
    const margin = Math.min(RENEW_MARGIN_SECONDS, Math.max(0, lifetime) / 4)
    return this.#seconds() >= issued.expiresAt - margin
  }

  /** One issuance at a time; each waiter can still give up through its own signal. */
  async #issueOnce(signal: AbortSignal | undefined): Promise<IssuedKs> {
    this.#renewal ??= this.#issue().finally(() => {
      this.#renewal = null
    })
    return untilAborted(this.#renewal, signal)
  }

  async #issue(): Promise<IssuedKs> {
    const credentials = this.#credentials
    if (credentials.kind === 'ks') throw new Error('a pasted KS cannot be renewed')
    const issuedAt = this.#seconds()
    if (credentials.kind === 'app-token') {
      const { partnerId, tokenId, token, hashType, userId, type, expirySeconds } = credentials
      const request = { partnerId, tokenId, token, hashType: hashType ?? 'SHA256', userId, type, expirySeconds }
      // Not tied to one caller's signal: the session is shared by every call waiting on it.
      const session = await this.#startAppTokenSession(request, undefined)
      return this.#keep({ ks: session.ks, expiresAt: session.expiresAt, issuedAt })
    }
    const expirySeconds = credentials.expirySeconds ?? DEFAULT_EXPIRY_SECONDS
    const content = {
      partnerId: credentials.partnerId,
      type: credentials.type ?? SessionType.ADMIN,
      userId: credentials.userId ?? '',
      privileges: credentials.privileges ?? ''
    }
    let ks: string
    let expiresAt: number | null
    if (credentials.issuer === 'local') {
      expiresAt = issuedAt + expirySeconds
      const sign = credentials.ksVersion === 1 ? generateKsV1 : generateKsV2
      ks = sign(credentials.adminSecret, { ...content, expiresAt })
    } else {
      // Not tied to one caller's signal: the session is shared by every call waiting on it.
      ks = await this.#startSession({ ...content, secret: credentials.adminSecret, expirySeconds }, undefined)
      // A partner may cap the lifetime; a v1 KS says what the server granted.
      expiresAt = readKs(ks)?.expiresAt ?? issuedAt + expirySeconds
    }
    return this.#keep({ ks, expiresAt, issuedAt })
  }

  #keep(issued: IssuedKs): IssuedKs {
    this.#remember(issued.ks)
    this.#current = issued
    return issued
  }

  #remember(ks: string): void {
    this.#handedOut.push(ks)
    if (this.#handedOut.length > REMEMBERED_KS_COUNT) this.#handedOut.shift()
  }

  #seconds(): number {
    return Math.floor(this.#now() / 1000)
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(new KalturaAbortedError({ service: 'session', action: 'start' }, signal.reason))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new KalturaAbortedError({ service: 'session', action: 'start' }, signal.reason))
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      }
    )
  })
}
