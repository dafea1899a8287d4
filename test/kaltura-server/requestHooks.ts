// Request hooks: a test's own callback, awaited when a matching request has arrived in full and before the server
// acts on it, so a test can change the world (move the source file, send a signal) at an exact point of an upload.
import type { RequestHook, RequestHookHandle, RequestRecord } from './api'
import { matchesRequest, type FaultCandidate } from './faults'

interface ActiveHook {
  hook: RequestHook
  matched: number
  started: number
  handle: { runs: number; finished: Promise<void>; remove(): void }
  settle: { resolve: () => void; reject: (error: unknown) => void }
}

export class RequestHooks {
  private hooks: ActiveHook[] = []

  add(hook: RequestHook): RequestHookHandle {
    let settle: ActiveHook['settle'] = { resolve: () => undefined, reject: () => undefined }
    // Deliberately no catch: a hook that throws and that the test never awaits surfaces as an unhandled rejection.
    const finished = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject }
    })
    const active: ActiveHook = {
      hook,
      matched: 0,
      started: 0,
      handle: { runs: 0, finished, remove: () => this.remove(active) },
      settle
    }
    this.hooks.push(active)
    return active.handle
  }

  clear(): void {
    this.hooks = []
  }

  /**
   * Runs every hook this request is due for, in the order they were added; rejects with the first error a hook
   * threw (the caller then cuts the request off instead of processing it).
   */
  async run(candidate: FaultCandidate, record: RequestRecord): Promise<void> {
    const due = this.hooks.filter((active) => this.claim(active, candidate))
    for (const active of due) {
      try {
        await active.hook.run({ ...record })
      } catch (error) {
        this.remove(active)
        active.settle.reject(error)
        throw error
      }
      active.handle.runs += 1
      if (active.handle.runs === (active.hook.times ?? 1)) active.settle.resolve()
    }
  }

  /** Counts the request against the hook; true when the hook should run for it. Decided at once, so requests
   * arriving together cannot both take the last run. */
  private claim(active: ActiveHook, candidate: FaultCandidate): boolean {
    if (!matchesRequest(active.hook.match, candidate)) return false
    active.matched += 1
    if (active.matched <= (active.hook.skip ?? 0)) return false
    const times = active.hook.times ?? 1
    if (times !== -1 && active.started >= times) return false
    active.started += 1
    if (times !== -1 && active.started === times) this.remove(active)
    return true
  }

  private remove(active: ActiveHook): void {
    this.hooks = this.hooks.filter((other) => other !== active)
  }
}
