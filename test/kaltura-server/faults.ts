// Fault rules: which request gets which injected failure (skip / times / seeded probability), first match wins.
import type { FaultAction, FaultMatch, FaultRule } from './api'

/** What is known about a request when its fault is decided (before any file bytes are stored). */
export interface FaultCandidate {
  service: string
  action: string
  finalChunk?: boolean
  uploadTokenId?: string
}

interface ActiveRule {
  id: string
  rule: FaultRule
  matched: number
  applied: number
  nextRandom: () => number
}

export class FaultRules {
  private rules: ActiveRule[] = []
  private counter = 0

  add(rule: FaultRule): string {
    this.counter += 1
    const id = `fault-${this.counter}`
    this.rules.push({ id, rule, matched: 0, applied: 0, nextRandom: seededRandom(rule.seed ?? this.counter) })
    return id
  }

  clear(): void {
    this.rules = []
  }

  /** Decides the fault for one request; counts it against the rule that fires. */
  pick(candidate: FaultCandidate): FaultAction | undefined {
    for (const active of this.rules) {
      if (!matchesRequest(active.rule.match, candidate)) continue
      active.matched += 1
      if (active.matched <= (active.rule.skip ?? 0)) continue
      const times = active.rule.times ?? 1
      if (times !== -1 && active.applied >= times) continue
      if (active.nextRandom() >= (active.rule.probability ?? 1)) continue
      active.applied += 1
      return active.rule.action
    }
    return undefined
  }
}

/** Shared with request hooks, so a hook and a fault rule with the same match pick the same requests. */
export function matchesRequest(match: FaultMatch | undefined, candidate: FaultCandidate): boolean {
  if (!match) return true
  if (match.service !== undefined && match.service.toLowerCase() !== candidate.service) return false
  if (match.action !== undefined && match.action.toLowerCase() !== candidate.action) return false
  if (match.finalChunk !== undefined) {
    const isUpload = candidate.service === 'uploadtoken' && candidate.action === 'upload'
    if (!isUpload || candidate.finalChunk !== match.finalChunk) return false
  }
  if (match.uploadTokenId !== undefined && candidate.uploadTokenId !== match.uploadTokenId) return false
  return true
}

/** mulberry32: small deterministic PRNG so probabilistic faults repeat run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
