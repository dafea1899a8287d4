// Asks main for the account's categories matching what the user types: after a short pause in typing, and only the
// latest question's answer is kept (an older, slower answer arriving late is dropped).
import { useEffect, useRef, useState } from 'react'
import type { CategorySearch } from '../../../shared/ipc-contract'
import { ask } from '../uploader'

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
export const CATEGORY_SEARCH_DEBOUNCE_MS = 200

export type CategorySearchState = { stage: 'idle' } | { stage: 'searching' } | { stage: 'found'; text: string; result: CategorySearch } | { stage: 'failed'; message: string }

export function useCategorySearch(profileId: string | null, text: string, active: boolean): CategorySearchState {
  const [state, setState] = useState<CategorySearchState>({ stage: 'idle' })
  const latest = useRef(0)
  useEffect(() => {
    if (!active || !profileId) return
    const question = ++latest.current
    setState((s) => (s.stage === 'found' ? s : { stage: 'searching' }))
    const timer = setTimeout(() => {
      void ask((u) => u['categories:search']({ profileId, text: text.trim() })).then((answer) => {
        if (question !== latest.current) return
        setState(answer.ok ? { stage: 'found', text: text.trim(), result: answer.value } : { stage: 'failed', message: answer.message })
      })
    }, CATEGORY_SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [profileId, text, active])
  return state
}
