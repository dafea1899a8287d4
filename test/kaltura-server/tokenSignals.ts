// Wakes verified-final uploads that wait for missing chunks as soon as anything lands on the same token.

export class TokenSignals {
  private readonly versions = new Map<string, number>()
  private readonly waiters = new Map<string, Set<() => void>>()

  version(tokenId: string): number {
    return this.versions.get(tokenId) ?? 0
  }

  /** Records that the token's bytes changed and wakes its waiters. */
  bump(tokenId: string): void {
    this.versions.set(tokenId, this.version(tokenId) + 1)
    const waiting = this.waiters.get(tokenId)
    if (!waiting) return
    this.waiters.delete(tokenId)
    for (const wake of waiting) wake()
  }

  /** Resolves when the version moves past `seen`, after `timeoutMs`, or when `signal` aborts. */
  wait(tokenId: string, seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.version(tokenId) !== seen || signal.aborted || timeoutMs <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', wake)
        this.waiters.get(tokenId)?.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, timeoutMs)
      signal.addEventListener('abort', wake)
      let waiting = this.waiters.get(tokenId)
      if (!waiting) {
        waiting = new Set()
        this.waiters.set(tokenId, waiting)
      }
      waiting.add(wake)
    })
  }
}
