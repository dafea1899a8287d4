// The files waiting for a run slot, in order, each at most once.

export class RunQueue {
  private readonly order: number[] = []
  private readonly members = new Set<number>()

  get size(): number {
    return this.order.length
  }

  add(id: number): void {
    if (this.members.has(id)) return
    this.members.add(id)
    this.order.push(id)
  }

  /** Puts a file at the front: one interrupted by sleep resumes first. */
  addFirst(id: number): void {
    if (this.members.has(id)) this.remove(id)
    this.members.add(id)
    this.order.unshift(id)
  }

  remove(id: number): void {
    if (!this.members.delete(id)) return
    const i = this.order.indexOf(id)
    if (i >= 0) this.order.splice(i, 1)
  }

  next(): number | undefined {
    const id = this.order.shift()
    if (id !== undefined) this.members.delete(id)
    return id
  }
}
