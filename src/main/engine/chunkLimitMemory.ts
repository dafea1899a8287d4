// What one account's server has shown of its chunk limit (PHP's upload_max_filesize or post_max_size, or a proxy's
// 413), read from the journal at each use, so files running side by side and the next start all keep to it.
import type { ChunkLimitStore } from '../journal/chunkLimits'

export interface ChunkLimitMemory {
  /** The largest chunk worth sending, or null when the server never refused one as too large. */
  ceiling(): number | null
  accepted(bytes: number): void
  refused(bytes: number): void
}

export function chunkLimitMemory(store: ChunkLimitStore, profileId: string): ChunkLimitMemory {
  let largestSeen = store.of(profileId).largestAccepted ?? 0
  return {
    ceiling() {
      const { largestAccepted, smallestRefused } = store.of(profileId)
      if (smallestRefused === null) return null
      // Between a size taken and one refused, stay at the one known to fit unless 3/4 of the refusal is higher.
      return Math.max(largestAccepted ?? 0, Math.floor((smallestRefused * 3) / 4))
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
