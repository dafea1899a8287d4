// Counting words the same way everywhere: "1 file", "10,000 files".
import { formatCount } from '../../shared/format'

export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}
