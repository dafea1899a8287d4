// Seeded hostile IPC payloads: wrong types, inherited and accessor fields, holes, huge values, unknown and symbol keys, deep nesting.

/** mulberry32: small and fast, and the same seed always gives the same payloads, so a failure can be replayed. */
export class Prng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }

  below(n: number): number {
    return Math.floor(this.next() * n)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[this.below(items.length)] as T
  }
}

/** One seed per channel, so adding a channel or changing one channel's count leaves the others' payloads alone. */
export function channelSeed(seed: number, channel: string): number {
  let h = seed >>> 0
  for (let i = 0; i < channel.length; i++) h = Math.imul(h ^ channel.charCodeAt(i), 0x01000193) >>> 0
  return h
}

export interface HostilePayload {
  /** Short and printable: the payload itself may be megabytes, or have accessors that must not run. */
  label: string
  payload: unknown
  /** 'refused': the guard must answer invalid-payload; 'any': a valid-looking payload, any Result will do. */
  expect: 'refused' | 'any'
}

/** How a channel's payload looks, so mutations stay close enough to valid to reach past the first check. */
export interface ChannelShape {
  /** A payload the guard accepts, or undefined for a channel that takes none; drawn anew for each payload. */
  valid(rng: Prng): unknown
  /** What a hidden (inherited or accessor) field carries: the value that would do harm if main read it. */
  bait?: Readonly<Record<string, unknown>>
}

/** Accessors count their runs: main must refuse an accessor without running it (it could answer anything). */
export const accessorRuns = { count: 0 }

interface Labelled {
  label: string
  value: unknown
}

const numberLabel = (n: number): string => (Object.is(n, -0) ? '-0' : String(n))

const SCALARS: readonly Labelled[] = [
  ...[0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 2 ** 31].map((n) => ({ label: numberLabel(n), value: n })),
  ...['', ' ', 'x', '\0', '\u202e', '\ud800', '🎬', '../../etc/passwd', 'file:///etc/passwd', 'javascript:alert(1)', '__proto__', 'constructor', 'x'.repeat(4097)].map((s) => ({ label: `string ${JSON.stringify(s.slice(0, 20))}${s.length > 20 ? `(${s.length})` : ''}`, value: s })),
  { label: 'true', value: true },
  { label: 'false', value: false },
  { label: 'null', value: null },
  { label: 'undefined', value: undefined },
  { label: 'bigint 10n', value: 10n }
]

// Objects the structured clone of Electron's IPC can carry, each with a prototype that is not a plain object's.
const CLONABLE: ReadonlyArray<() => Labelled> = [
  () => ({ label: 'Date(NaN)', value: new Date(NaN) }),
  () => ({ label: 'RegExp', value: /x/g }),
  () => ({ label: 'Map with paths', value: new Map([['paths', ['/etc']]]) }),
  () => ({ label: 'Set', value: new Set([1]) }),
  () => ({ label: 'Uint8Array', value: new Uint8Array(8) }),
  () => ({ label: 'ArrayBuffer', value: new ArrayBuffer(8) }),
  () => ({ label: 'Error', value: new Error('x') }),
  // A boxed string is what a careless `typeof` check lets through as text.
  () => ({ label: 'boxed String', value: new String('x') })
]

function sparse(length: number, at: number, value: unknown): unknown[] {
  const holes = new Array<unknown>(length)
  holes[at] = value
  return holes
}

function nested(depth: number): object {
  let inner: object = {}
  for (let i = 0; i < depth; i++) inner = { a: inner }
  return inner
}

function withAccessor<T extends object>(target: T, key: string | number, value: unknown): T {
  Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      accessorRuns.count += 1
      return value
    }
  })
  return target
}

const SHAPES: ReadonlyArray<(rng: Prng) => Labelled> = [
  () => ({ label: 'empty object', value: {} }),
  () => ({ label: 'empty array', value: [] }),
  () => ({ label: 'array with holes', value: [1, , 3] }),
  (rng) => ({ label: 'sparse array', value: sparse(1 + rng.below(1000), 0, 1) }),
  () => ({ label: 'array with an extra property', value: Object.assign([1], { extra: true }) }),
  () => ({ label: 'array with an accessor item', value: withAccessor([] as unknown[], 0, 1) }),
  () => ({ label: 'nested objects', value: { a: { b: { c: [{ d: null }] } } } }),
  () => ({ label: 'null-prototype object', value: Object.create(null) as object }),
  () => ({ label: 'own "__proto__" key', value: JSON.parse('{"__proto__":{"polluted":true}}') as unknown }),
  () => ({ label: 'object inheriting from an object', value: Object.create({ polluted: true }) as object }),
  () => ({ label: 'object nested 100 deep', value: nested(100) })
]

// Built once: the huge values cost time and memory to make, and one of each is enough to find an unbounded loop.
let hugeCache: readonly Labelled[] | undefined
function hugeValues(): readonly Labelled[] {
  hugeCache ??= [
    { label: '1 MB string', value: 'a'.repeat(1 << 20) },
    { label: '5 MB string of slashes', value: '/'.repeat(5 << 20) },
    { label: '1e6-item array of numbers', value: Array.from({ length: 1e6 }, (_, i) => i + 1) },
    { label: '1e6-item array of paths', value: new Array<string>(1e6).fill('/etc') },
    { label: 'sparse array of length 1e6', value: sparse(1e6, 999_999, '/etc') },
    { label: 'array of length 2**32-1 with one item', value: sparse(2 ** 32 - 1, 0, 1) },
    { label: 'object nested 100,000 deep', value: nested(100_000) },
    { label: 'object with 100,000 keys', value: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])) }
  ]
  return hugeCache
}

/** Any value at all: a scalar, a clonable object, an odd shape, or now and then a huge one. */
function hostileValue(rng: Prng): Labelled {
  const roll = rng.next()
  if (roll < 0.5) return rng.pick(SCALARS)
  if (roll < 0.62) return rng.pick(CLONABLE)()
  if (roll < 0.95) return rng.pick(SHAPES)(rng)
  return rng.pick(hugeValues())
}

const UNKNOWN_KEYS = ['extra', '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'then', '', ' paths', 'isAdmin']

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const prototype: unknown = Object.getPrototypeOf(v)
  return prototype === Object.prototype || prototype === null
}

/** Whether the whole payload alone makes a guard refuse: anything but a plain object, or for a void channel anything but nothing. */
function refusedAtTop(value: unknown, takesNothing: boolean): boolean {
  return takesNothing ? value !== undefined && value !== null : !isPlainObject(value)
}

/** One payload for the channel: the valid shape, bent one way. */
export function hostilePayload(rng: Prng, shape: ChannelShape): HostilePayload {
  const valid = shape.valid(rng)
  const takesNothing = valid === undefined
  const base: Record<string, unknown> = isPlainObject(valid) ? { ...valid } : {}
  const keys = Object.keys(base)
  const baitKey = Object.keys(shape.bait ?? {})[0] ?? keys[0] ?? 'paths'
  const baitValue = shape.bait?.[baitKey] ?? base[baitKey] ?? ['/etc']
  const arrayKey = keys.find((k) => Array.isArray(base[k]))
  // Structural changes must be refused whatever the channel; a changed value may be valid, so any Result will do.
  const refused = (label: string, payload: unknown): HostilePayload => ({ label, payload, expect: 'refused' })
  const any = (label: string, payload: unknown): HostilePayload => ({ label, payload, expect: 'any' })

  // Valid payloads are drawn more often than any one mutation: they are what reaches past the guards.
  if (rng.chance(0.2)) return any('as a valid payload', valid)
  switch (rng.below(takesNothing ? 4 : 12)) {
    case 0:
      return any('as a valid payload', valid)
    case 1: {
      const v = hostileValue(rng)
      return { label: `whole payload: ${v.label}`, payload: v.value, expect: refusedAtTop(v.value, takesNothing) ? 'refused' : 'any' }
    }
    case 2: {
      const key = rng.pick(UNKNOWN_KEYS)
      const target = { ...base }
      // defineProperty, not assignment: `target['__proto__'] = x` would set the prototype instead of a key.
      Object.defineProperty(target, key, { value: hostileValue(rng).value, enumerable: true, writable: true, configurable: true })
      return refused(`unknown field ${JSON.stringify(key)}`, target)
    }
    case 3:
      return refused('a symbol as a key', { ...base, [Symbol(baitKey)]: baitValue })
    case 4: {
      const key = rng.pick(keys.length > 0 ? keys : [baitKey])
      const v = hostileValue(rng)
      return any(`field ${key} = ${v.label}`, { ...base, [key]: v.value })
    }
    case 5: {
      const key = rng.pick(keys.length > 0 ? keys : [baitKey])
      const rest = { ...base }
      delete rest[key]
      return any(`field ${key} left out`, rest)
    }
    case 6: {
      const rest = { ...base }
      delete rest[baitKey]
      return refused(`field ${baitKey} as an accessor`, withAccessor(rest, baitKey, baitValue))
    }
    case 7: {
      const rest = { ...base }
      delete rest[baitKey]
      return refused(`field ${baitKey} inherited`, Object.assign(Object.create({ [baitKey]: baitValue }) as object, rest))
    }
    case 8:
      return refused('every field inherited', Object.create({ ...base, [baitKey]: baitValue }) as object)
    case 9:
      return any('null prototype', Object.assign(Object.create(null) as object, base))
    case 10: {
      if (!arrayKey) return refused('the payload in a list', [base])
      const list = [...(base[arrayKey] as unknown[])]
      const how = rng.below(3)
      if (how === 0) list.length += 1 + rng.below(5)
      else if (how === 1) withAccessor(list, list.length, 1)
      else delete list[0]
      return refused(`${arrayKey} with ${['a hole at the end', 'an accessor item', 'a hole at the start'][how]}`, { ...base, [arrayKey]: list.length > 0 ? list : sparse(3, 2, 1) })
    }
    default:
      return any('deeply nested field', { ...base, [rng.pick(keys.length > 0 ? keys : [baitKey])]: nested(1_000 + rng.below(10_000)) })
  }
}
