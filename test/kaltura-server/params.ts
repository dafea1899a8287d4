// Request parameters as Kaltura sees them: URL path pairs + query over body, `a:b:c` nesting, PHP-style casts.

export type ParamValue = string | number | boolean | null | ParamValue[] | ParamTree
export interface ParamTree {
  [key: string]: ParamValue
}

export function isParamTree(value: ParamValue | undefined): value is ParamTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Where an API request's path points: `/api_v3/...` pairs, or not an API path at all. */
export function apiPathPairs(pathname: string): Array<[string, string]> | undefined {
  const match = /^\/api_v3(?:\/index\.php)?(\/.*)?$/i.exec(pathname)
  if (!match) return undefined
  const segments = (match[1] ?? '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment))
  const pairs: Array<[string, string]> = []
  for (let i = 0; i + 1 < segments.length; i += 2) {
    pairs.push([segments[i] as string, segments[i + 1] as string])
  }
  return pairs
}

/** Query string and path pairs of an API URL, nested; undefined when the URL is not under /api_v3. */
export function urlParams(url: URL): ParamTree | undefined {
  const pathPairs = apiPathPairs(url.pathname)
  if (!pathPairs) return undefined
  return treeFromFlatPairs([...url.searchParams.entries(), ...pathPairs])
}

/** Builds nested objects from flat keys such as `uploadToken:fileName` (S-DESER groupParams). */
export function treeFromFlatPairs(pairs: Iterable<[string, string]>): ParamTree {
  const root: ParamTree = {}
  for (const [key, value] of pairs) {
    const path = key.split(':')
    let node = root
    for (const [index, part] of path.entries()) {
      if (index === path.length - 1) {
        node[part] = value
      } else {
        const child = node[part]
        if (isParamTree(child)) {
          node = child
        } else {
          const created: ParamTree = {}
          node[part] = created
          node = created
        }
      }
    }
  }
  return root
}

/** Deep merge where `top` wins on conflicting leaves (URL values override body values). */
export function mergeParams(bottom: ParamTree, top: ParamTree): ParamTree {
  const merged: ParamTree = { ...bottom }
  for (const [key, value] of Object.entries(top)) {
    const existing = merged[key]
    merged[key] = isParamTree(existing) && isParamTree(value) ? mergeParams(existing, value) : value
  }
  return merged
}

export function readTree(params: ParamTree, key: string): ParamTree | undefined {
  const value = params[key]
  return isParamTree(value) ? value : undefined
}

/** A scalar as PHP would stringify it; undefined for missing/null/objects. */
export function readString(params: ParamTree, key: string): string | undefined {
  const value = params[key]
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? '1' : ''
  return undefined
}

/** PHP bool cast as the deserializer does it: "false" (any case), "0" and "" are false. */
export function readBool(params: ParamTree, key: string, fallback: boolean): boolean {
  const value = params[key]
  if (value === undefined || value === null) return fallback
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'string') return !(value === '' || value === '0' || value.toLowerCase() === 'false')
  return true
}

/** PHP (float) cast: leading numeric prefix, else 0. */
export function readFloat(params: ParamTree, key: string, fallback: number): number {
  const value = params[key]
  if (value === undefined || value === null) return fallback
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string') {
    const parsed = Number.parseFloat(value)
    return Number.isNaN(parsed) ? 0 : parsed
  }
  return fallback
}

/** PHP (int) cast; undefined when absent. */
export function readInt(params: ParamTree, key: string): number | undefined {
  if (params[key] === undefined || params[key] === null) return undefined
  return Math.trunc(readFloat(params, key, 0))
}

/** Enum value as the deserializer accepts it: "true"/"false" mean 1/0, anything else must be an integer. */
export function readEnumInt(params: ParamTree, key: string): { present: false } | { present: true; raw: string; value: number | undefined } {
  const raw = readString(params, key)
  if (raw === undefined) return { present: false }
  const lowered = raw.toLowerCase()
  if (lowered === 'true') return { present: true, raw, value: 1 }
  if (lowered === 'false') return { present: true, raw, value: 0 }
  return { present: true, raw, value: /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined }
}

/** A comma list parameter (`idIn`, `statusIn`, …) as its trimmed, non-empty items; undefined when absent. */
export function readList(params: ParamTree, key: string): string[] | undefined {
  const text = readString(params, key)
  if (text === undefined) return undefined
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** One page of a list, as KalturaFilterPager reads it: pageSize 30 by default, at most 500; pageIndex from 1. */
export function pageOf<T>(items: readonly T[], pager: ParamTree): T[] {
  const pageSize = Math.min(500, Math.max(1, readInt(pager, 'pageSize') ?? 30))
  const pageIndex = Math.max(1, readInt(pager, 'pageIndex') ?? 1)
  return items.slice((pageIndex - 1) * pageSize, pageIndex * pageSize)
}
