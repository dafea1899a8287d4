// Guards for payloads arriving from the renderer: everything is `unknown` until checked here, with bounds on
// strings, numbers and arrays. A failed check is an InvalidPayload, answered as an error, never a crash.

export class InvalidPayload extends Error {
  override readonly name = 'InvalidPayload'
}

export type Guard<T> = (value: unknown, where: string) => T

export const str =
  (opts: { max?: number; min?: number; pattern?: RegExp } = {}): Guard<string> =>
  (v, where) => {
    if (typeof v !== 'string') throw new InvalidPayload(`${where} must be text`)
    if (v.length > (opts.max ?? 4096)) throw new InvalidPayload(`${where} is too long`)
    if (v.length < (opts.min ?? 0)) throw new InvalidPayload(opts.min === 1 ? `${where} is required` : `${where} is too short`)
    if (opts.pattern && !opts.pattern.test(v)) throw new InvalidPayload(`${where} is not valid`)
    return v
  }

export const int =
  (min: number, max: number): Guard<number> =>
  (v, where) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new InvalidPayload(`${where} must be a whole number`)
    if (v < min || v > max) throw new InvalidPayload(`${where} must be between ${min} and ${max}`)
    return v
  }

export const num =
  (min: number, max: number): Guard<number> =>
  (v, where) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidPayload(`${where} must be a number`)
    if (v < min || v > max) throw new InvalidPayload(`${where} must be between ${min} and ${max}`)
    return v
  }

export const bool: Guard<boolean> = (v, where) => {
  if (typeof v !== 'boolean') throw new InvalidPayload(`${where} must be true or false`)
  return v
}

export const oneOf =
  <const T extends string>(...values: T[]): Guard<T> =>
  (v, where) => {
    if (typeof v !== 'string' || !(values as string[]).includes(v)) throw new InvalidPayload(`${where} must be one of ${values.join(', ')}`)
    return v as T
  }

export const nullable =
  <T>(guard: Guard<T>): Guard<T | null> =>
  (v, where) =>
    v === null ? null : guard(v, where)

/**
 * The value of an own data property, or undefined when there is none. Inherited values never count (a polluted
 * prototype must not supply a field), and a getter is refused rather than run: payloads are plain data.
 */
function ownValue(holder: object, key: string, where: string): unknown {
  const property = Object.getOwnPropertyDescriptor(holder, key)
  if (property === undefined) return undefined
  if (property.get !== undefined || property.set !== undefined) throw new InvalidPayload(`${where} must be plain data`)
  return property.value
}

/** A real array, element by element: holes and array-likes are refused, not skipped. */
export const arrayOf =
  <T>(guard: Guard<T>, max: number): Guard<T[]> =>
  (v, where) => {
    if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) throw new InvalidPayload(`${where} must be a list`)
    if (v.length > max) throw new InvalidPayload(`${where} has too many items`)
    const out: T[] = []
    for (let i = 0; i < v.length; i++) {
      if (!Object.hasOwn(v, i)) throw new InvalidPayload(`${where}[${i}] is missing`)
      out.push(guard(ownValue(v, String(i), `${where}[${i}]`), `${where}[${i}]`))
    }
    return out
  }

type Shape = Record<string, Guard<unknown>>
type Out<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> }

/**
 * A plain object with exactly these keys (optional ones may be absent); unknown keys are refused. Only its own
 * properties count, and only a plain object (prototype Object.prototype or null) is one.
 */
export function object<R extends Shape, O extends Shape = Record<never, never>>(
  required: R,
  optional: O = {} as O
): Guard<Out<R> & Partial<Out<O>>> {
  return (v, where) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidPayload(`${where} must be an object`)
    const prototype: unknown = Object.getPrototypeOf(v)
    if (prototype !== Object.prototype && prototype !== null) throw new InvalidPayload(`${where} must be a plain object`)
    for (const key of Reflect.ownKeys(v)) {
      const known = typeof key === 'string' && (Object.hasOwn(required, key) || Object.hasOwn(optional, key))
      if (!known) throw new InvalidPayload(`${where} has an unknown field "${String(key).slice(0, 40)}"`)
    }
    const out: Record<string, unknown> = {}
    for (const [key, guard] of Object.entries(required)) out[key] = guard(ownValue(v, key, `${where}.${key}`), `${where}.${key}`)
    for (const [key, guard] of Object.entries(optional)) {
      const value = ownValue(v, key, `${where}.${key}`)
      if (value !== undefined) out[key] = guard(value, `${where}.${key}`)
    }
    return out as Out<R> & Partial<Out<O>>
  }
}

export const nothing: Guard<void> = (v, where) => {
  if (v !== undefined && v !== null) throw new InvalidPayload(`${where} takes no arguments`)
}
