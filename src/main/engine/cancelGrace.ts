// The few seconds in which a cancel can be undone. The engine pauses the file at once, so no byte flows while the
// user decides; when the time is up the cancel becomes final, and Undo before that puts the file back as it was.
export class CancelGrace {
  private readonly pending = new Map<number, { until: number; resume: boolean; timer: ReturnType<typeof setTimeout> }>()

  constructor(
    private readonly graceMs: number,
    private readonly onExpired: (id: number) => void
  ) {}

  /** False when cancels are final at once (the headless command has no one to undo them). */
  get enabled(): boolean {
    return this.graceMs > 0
  }

  /** Starts a file's grace; `resume` says whether Undo sends it back to the queue (it was running or waiting). */
  begin(id: number, resume: boolean): void {
    if (this.pending.has(id)) return
    const timer = setTimeout(() => {
      this.pending.delete(id)
      this.onExpired(id)
    }, this.graceMs)
    this.pending.set(id, { until: Date.now() + this.graceMs, resume, timer })
  }

  has(id: number): boolean {
    return this.pending.has(id)
  }

  /** When the file's cancel becomes final, or null when none is pending. */
  until(id: number): number | null {
    return this.pending.get(id)?.until ?? null
  }

  /** Ends a pending cancel; says whether the file goes back to the queue, or null when none was pending. */
  undo(id: number): { resume: boolean } | null {
    const p = this.pending.get(id)
    if (!p) return null
    clearTimeout(p.timer)
    this.pending.delete(id)
    return { resume: p.resume }
  }

  /** Every pending cancel, ended without its timer: at shutdown the engine makes them final itself. */
  drain(): number[] {
    const ids = [...this.pending.keys()]
    for (const p of this.pending.values()) clearTimeout(p.timer)
    this.pending.clear()
    return ids
  }
}
