// categories:search: the account's categories whose full name or own name starts with what the user typed, for the
// window's category picker, and whether the account may create one. Only the account's own service URL is asked,
// through a client made from the saved profile and its kept secret, as the engine's are.
import { createHash } from 'node:crypto'
import { sealKey, SECRET_WORD } from '../../shared/accounts'
import type { CategorySearch } from '../../shared/ipc-contract'
import type { SecretStore } from '../accounts/secretStore'
import { clientForProfile, describeConnectionFailure } from '../accounts/accounts'
import type { Journal, ProfileRow } from '../journal/journal'
import { KalturaApiError, type KalturaClient } from '../kaltura'
import type { Category } from '../kaltura/categoryService'
import { UserFacingError } from './userFacingError'

/** Enough for a dropdown; a longer list means the user should type more. */
export const MAX_CATEGORY_MATCHES = 50
/** category.add needs it (deployment/permissions/service.category.ini:9); the engine makes missing levels with it. */
const EDIT_CATEGORIES = 'CONTENT_MANAGE_EDIT_CATEGORIES'
const TIMEOUT_MS = 15_000

interface Account {
  /** What the client was made from: a changed profile or secret makes a new one. */
  key: string
  client: KalturaClient
  /** Known once the server said: a session's role does not change while it lives. Unknown is asked again. */
  canCreate: boolean | null
}

export function categorySearcher(journal: Journal, secrets: SecretStore): (profileId: string, text: string) => Promise<CategorySearch> {
  const accounts = new Map<string, Account>()

  const accountFor = async (profileId: string): Promise<Account> => {
    const profile = journal.getProfile(profileId)
    if (!profile) throw new UserFacingError('not-found', 'Choose an account first.')
    const secret = await secrets.get(profile.id, profile)
    if (!secret) throw new UserFacingError('no-secret', `Enter the ${SECRET_WORD[profile.authKind]} for "${profile.name}" first: none is kept on this computer.`)
    const key = accountKey(profile, secret)
    const known = accounts.get(profileId)
    if (known?.key === key) return known
    const client = clientForProfile(profile, secret.trim())
    const account: Account = { key, client, canCreate: null }
    accounts.set(profileId, account)
    return account
  }

  return async (profileId, text) => {
    const account = await accountFor(profileId)
    const profile = journal.getProfile(profileId)!
    const asking = account.canCreate === null ? mayCreate(account.client) : null
    let matches: Category[]
    try {
      matches = await findCategories(account.client, text.trim())
    } catch (err) {
      throw searchFailure(err, profile.serviceUrl)
    }
    if (asking) account.canCreate = await asking
    return { matches: matches.map((c) => ({ id: c.id, fullName: c.fullName })), canCreate: account.canCreate }
  }
}

/**
 * Full names starting with the text ("Lectures>20" → "Lectures>2026"), and, when the text names no level separator,
 * categories whose own name starts with it ("Phys" → "Lectures>2026>Physics"). Both are prefix filters of
 * KalturaCategoryFilter: fullNameStartsWith (_likex_full_name, KalturaCategoryBaseFilter.php:19) and
 * nameOrReferenceIdStartsWith (_likex_name_or_reference_id, KalturaCategoryFilter.php:13, matched as a prefix on the
 * name and referenceId fields, SphinxCategoryCriteria.php:140-147). freeText (KalturaCategoryFilter.php:10) matches
 * whole words in name, tags and description instead, which would not find "Phys" as the user types it.
 * With no text: the first categories by full name, so the list shows what there is.
 */
async function findCategories(client: KalturaClient, text: string): Promise<Category[]> {
  const pager = { pageSize: MAX_CATEGORY_MATCHES }
  const options = { timeoutMs: TIMEOUT_MS }
  if (text === '') return (await client.category.list({ orderBy: '+fullName' }, pager, options)).objects
  const lists = await Promise.all([
    client.category.list({ fullNameStartsWith: text, orderBy: '+fullName' }, pager, options),
    ...(text.includes('>') ? [] : [client.category.list({ nameOrReferenceIdStartsWith: text, orderBy: '+fullName' }, pager, options)])
  ])
  const found = lists.flatMap((list) => list.objects)
  const seen = new Set<number>()
  const unique = found.filter((c) => !seen.has(c.id) && seen.add(c.id))
  const lower = text.toLowerCase()
  // Full-name matches first (what the user is spelling out), then the rest, each by full name.
  const rank = (c: Category): number => (c.fullName.toLowerCase().startsWith(lower) ? 0 : 1)
  return unique.sort((a, b) => rank(a) - rank(b) || a.fullName.localeCompare(b.fullName)).slice(0, MAX_CATEGORY_MATCHES)
}

/** Whether the session holds CONTENT_MANAGE_EDIT_CATEGORIES; null when the server would not say. */
async function mayCreate(client: KalturaClient): Promise<boolean | null> {
  try {
    return (await client.permission.currentPermissions({ timeoutMs: TIMEOUT_MS })).includes(EDIT_CATEGORIES)
  } catch {
    return null
  }
}

function searchFailure(err: unknown, serviceUrl: string): UserFacingError {
  if (err instanceof KalturaApiError && err.code === 'SERVICE_FORBIDDEN') {
    return new UserFacingError('forbidden', "This account's role may not list categories (category.list); type full category names instead.")
  }
  const failure = describeConnectionFailure(err, serviceUrl)
  return new UserFacingError(failure.problem === 'credentials' ? 'credentials' : 'unreachable', `Categories could not be loaded: ${failure.message}`)
}

function accountKey(profile: ProfileRow, secret: string): string {
  return JSON.stringify([sealKey(profile), profile.userId, profile.roleId, createHash('sha256').update(secret).digest('hex')])
}
