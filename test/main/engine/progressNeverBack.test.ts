// A story against the real test server: every update during an upload with a pause, a resume and an outage is
// sampled, and neither the total's confirmed bytes nor any row's ever goes down.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileView, Totals } from '../../../src/shared/uploads'
import { createWorld, until, untilIdle, MiB, type World } from './engineFixture'

let world: World
beforeEach(async () => {
  world = await createWorld()
})
afterEach(async () => world.dispose())

describe('progress that never goes backwards', () => {
  it('keeps every confirmed byte, in each row and in the total, through a pause, a resume and a server outage', async () => {
    const paths = await Promise.all([1, 2, 3, 4].map((i) => world.makeFile(`clip${i}.mp4`, 3 * MiB + i * 1000)))
    const ids = await world.enqueue(paths)
    world.server.faults.setLinkRate(3 * MiB)
    const engine = world.engine()
    const rows = new Map<number, number>()
    const drops: string[] = []
    let total = 0
    let last: Totals | null = null
    let updates = 0
    engine.on('update', (files: FileView[], totals: Totals) => {
      updates++
      last = totals
      if (totals.confirmedBytes < total) drops.push(`total ${total} -> ${totals.confirmedBytes} (${totals.flow})`)
      total = Math.max(total, totals.confirmedBytes)
      for (const f of files) {
        const before = rows.get(f.id) ?? 0
        if (f.confirmedBytes < before) drops.push(`file ${f.id} ${before} -> ${f.confirmedBytes} (${f.state})`)
        rows.set(f.id, Math.max(before, f.confirmedBytes))
        if (f.state !== 'done' && f.confirmedBytes > f.size) drops.push(`file ${f.id} confirmed past its size`)
      }
    })
    const flows = (): Totals['flow'] | undefined => (last as Totals | null)?.flow
    engine.start()
    engine.add(ids)

    await until(engine, () => total >= 2 * MiB)
    engine.pause()
    await until(engine, () => engine.files().every((f) => ['paused', 'done', 'processing', 'creating-entry'].includes(f.state)))
    const paused = engine.files().filter((f) => f.state === 'paused')
    // A paused row shows what the server confirmed, not 0.
    expect(paused.some((f) => f.confirmedBytes > 0)).toBe(true)
    for (const f of paused) expect(f.confirmedBytes).toBe(rows.get(f.id))

    const atResume = total
    engine.resume()
    await until(engine, () => total > atResume + MiB)
    await world.server.faults.down()
    await until(engine, () => flows() === 'waiting')
    expect(last!.etaSeconds).toBeNull()
    const atOutage = total
    world.server.faults.setLinkRate(null)
    await world.server.faults.up()
    await untilIdle(engine)

    expect(drops).toEqual([])
    expect(total).toBeGreaterThan(atOutage)
    const end = engine.totals()
    expect(end.confirmedBytes).toBe(end.bytes)
    expect(end.filesLeft).toBe(0)
    expect(updates).toBeGreaterThan(10)
  })
})
