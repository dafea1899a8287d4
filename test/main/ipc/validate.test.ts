// The guards every renderer payload passes: only a payload's own, plain data counts, element by element, so
// nothing a prototype carries, and no gap in a list, slips into main.
import { describe, expect, it } from 'vitest'
import { arrayOf, int, InvalidPayload, object, str } from '../../../src/main/ipc/validate'

const drop = object({ paths: arrayOf(str({ min: 1 }), 10) })
const pause = object({}, { ids: arrayOf(int(1, 1000), 10) })

describe('object guard', () => {
  it('does not count a field the object only inherits', () => {
    const carrier: object = Object.create({ paths: ['/home/me/.ssh/id_rsa'] })
    expect(() => drop(carrier, 'scan:dropped')).toThrow(InvalidPayload)
    expect(() => drop(carrier, 'scan:dropped')).toThrow('scan:dropped must be a plain object')
  })

  it('does not let a polluted Object.prototype supply a required or an optional field', () => {
    Object.defineProperty(Object.prototype, 'paths', { value: ['/etc/passwd'], configurable: true, writable: true })
    Object.defineProperty(Object.prototype, 'ids', { value: [1, 2, 3], configurable: true, writable: true })
    try {
      expect(() => drop({}, 'scan:dropped')).toThrow('scan:dropped.paths must be a list')
      expect(pause({}, 'files:pause')).toEqual({})
    } finally {
      Reflect.deleteProperty(Object.prototype, 'paths')
      Reflect.deleteProperty(Object.prototype, 'ids')
    }
  })

  it('refuses class instances and other objects that are not plain', () => {
    class Request {
      paths = ['/a']
    }
    for (const value of [new Request(), new Date(), new Map([['paths', ['/a']]]), Object.create(Object.create(null))]) {
      expect(() => drop(value, 'scan:dropped')).toThrow('scan:dropped must be a plain object')
    }
  })

  it('accepts a plain object and one without any prototype', () => {
    expect(drop({ paths: ['/a'] }, 'scan:dropped')).toEqual({ paths: ['/a'] })
    const prototypeless: object = Object.create(null)
    const bare = Object.assign(prototypeless, { paths: ['/b'] })
    expect(drop(bare, 'scan:dropped')).toEqual({ paths: ['/b'] })
  })

  it('refuses a field named after an Object.prototype member, and a symbol key, as unknown', () => {
    expect(() => drop({ paths: ['/a'], toString: 'x' }, 'scan:dropped')).toThrow('scan:dropped has an unknown field "toString"')
    expect(() => drop({ paths: ['/a'], [Symbol('extra')]: 1 }, 'scan:dropped')).toThrow(/unknown field "Symbol\(extra\)"/)
  })

  it('refuses a getter instead of running it', () => {
    let ran = false
    const sneaky = Object.defineProperty({}, 'paths', { enumerable: true, get: () => ((ran = true), ['/a']) })
    expect(() => drop(sneaky, 'scan:dropped')).toThrow('scan:dropped.paths must be plain data')
    expect(ran).toBe(false)
  })
})

describe('list guard', () => {
  const ids = arrayOf(int(1, 1000), 10)

  it('refuses a list with holes instead of skipping them', () => {
    expect(() => ids([1, , 3], 'ids')).toThrow('ids[1] is missing')
    expect(() => ids(new Array(2), 'ids')).toThrow('ids[0] is missing')
  })

  it('refuses things that only look like lists', () => {
    const arrayLike = { length: 2, 0: 1, 1: 2 }
    class Ids extends Array<number> {}
    for (const value of [arrayLike, new Uint8Array([1, 2]), 'ab', Ids.from([1, 2])]) {
      expect(() => ids(value, 'ids')).toThrow('ids must be a list')
    }
  })

  it('checks every element and names the first one that is wrong', () => {
    expect(() => ids([1, 2, 'three'], 'ids')).toThrow('ids[2] must be a whole number')
    expect(() => ids([1, 0], 'ids')).toThrow('ids[1] must be between 1 and 1000')
  })

  it('refuses an element behind a getter without running it', () => {
    let ran = false
    const list = [1, 2]
    Object.defineProperty(list, 1, { get: () => ((ran = true), 2) })
    expect(() => ids(list, 'ids')).toThrow('ids[1] must be plain data')
    expect(ran).toBe(false)
  })

  it('passes a dense list of good elements through as a new list, and refuses one that is too long', () => {
    const given = [1, 2, 3]
    const checked = ids(given, 'ids')
    expect(checked).toEqual([1, 2, 3])
    expect(checked).not.toBe(given)
    expect(() => ids(Array.from({ length: 11 }, () => 1), 'ids')).toThrow('ids has too many items')
  })
})
