// What one account's server has shown of its chunk limits (PHP's upload_max_filesize or post_max_size, or a proxy's
// 413; and a minimum chunk size), read from the journal at each use, so files running side by side and the next
// start all keep to them.
import type { ChunkLimitStore } from '../journal/chunkLimits'

export interface ChunkLimitMemory {
  /** The largest chunk worth sending, or null when the server never refused one as too large. */
  ceiling(): number | null
  /** The smallest non-final chunk worth sending, or null when the server never refused one as too small. */
  floor(): number | null
  /** The smallest size refused as too large, when the floor has reached it: no chunk size fits. */
  conflict(): { floor: number; refused: number } | null
  accepted(bytes: number): void
  refused(bytes: number): void
  /** A chunk of `bytes` refused as too small; `named` is the minimum the refusal gave, if any. */
  tooSmall(bytes: number, named: number | null): void
}

/** Without a named minimum, the next try after a refusal as too small is this many times larger. */
const GROWTH_WITHOUT_NAMED_MINIMUM = 4

export function chunkLimitMemory(store: ChunkLimitStore, profileId: string): ChunkLimitMemory {
  let largestSeen = store.of(profileId).largestAccepted ?? 0
  return {
    ceiling() {
      const { largestAccepted, smallestRefused } = store.of(profileId)
      if (smallestRefused === null) return null
      // Between a size taken and one refused, stay at the one known to fit unless 3/4 of the refusal is higher.
      return Math.max(largestAccepted ?? 0, Math.floor((smallestRefused * 3) / 4))
    },
    floor() {
      return store.smallestNeeded(profileId)
    },
    conflict() {
      const smallestNeeded = store.smallestNeeded(profileId)
      const { smallestRefused } = store.of(profileId)
      return smallestNeeded !== null && smallestRefused !== null && smallestNeeded >= smallestRefused
        ? { floor: smallestNeeded, refused: smallestRefused }
        : null
    },
    tooSmall(bytes, named) {
      store.recordNeeded(profileId, named ?? bytes * GROWTH_WITHOUT_NAMED_MINIMUM)
    },
    accepted(bytes) {
      // Written only when it says something new: one write per larger size, not one per chunk.
      if (bytes <= largestSeen) return
      largestSeen = bytes
      store.recordAccepted(profileId, bytes)
    },
    refused(bytes) {
      store.recordRefused(profileId, bytes)
      largestSeen = Math.min(largestSeen, store.of(profileId).largestAccepted ?? 0)
    }
  }
}
