// Small facts the window keeps between runs: the active account (localStorage) and which journal notice was
// already shown in this session (sessionStorage). Storage failures are ignored: these are conveniences.
const ACTIVE_PROFILE_KEY = 'kbu.activeProfileId'
const JOURNAL_NOTICE_KEY = 'kbu.journalNoticeShown'

export function rememberedProfileId(): string | null {
  try {
    return localStorage.getItem(ACTIVE_PROFILE_KEY)
  } catch {
    return null
  }
}

export function rememberProfileId(id: string | null): void {
  try {
    if (id) localStorage.setItem(ACTIVE_PROFILE_KEY, id)
    else localStorage.removeItem(ACTIVE_PROFILE_KEY)
  } catch {
    // Private mode or a full disk: the choice simply is not remembered.
  }
}

/** True the first time a given notice is offered in this window session. */
export function firstTimeFor(journalNotice: string): boolean {
  try {
    if (sessionStorage.getItem(JOURNAL_NOTICE_KEY) === journalNotice) return false
    sessionStorage.setItem(JOURNAL_NOTICE_KEY, journalNotice)
  } catch {
    // Without storage the notice is shown on every load, which is still correct, only repetitive.
  }
  return true
}
