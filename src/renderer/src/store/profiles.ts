// Which account uploads go to: the remembered choice while it exists, else the first account.
import type { ProfileView } from '../../../shared/ipc-contract'

export function chooseActiveProfile(profiles: readonly ProfileView[], preferred: string | null): string | null {
  if (preferred && profiles.some((p) => p.id === preferred)) return preferred
  return profiles[0]?.id ?? null
}

/** Puts a saved profile in the list, replacing the old copy in place or appending a new one. */
export function upsertProfile(profiles: readonly ProfileView[], saved: ProfileView): ProfileView[] {
  const at = profiles.findIndex((p) => p.id === saved.id)
  if (at < 0) return [...profiles, saved]
  const next = [...profiles]
  next[at] = saved
  return next
}
