// The API the preload hands the page: exactly the contract's channels, each calling main on its own channel, and
// events that reach the page as their payload alone.
import { describe, expect, it } from 'vitest'
import { createUploaderApi } from '../../../src/preload/uploaderApi'
import { REQUEST_CHANNELS, type IpcEventChannel, type IpcTransport, type PageRequestChannel } from '../../../src/shared/ipc-contract'

const PAGE_CHANNELS = REQUEST_CHANNELS.filter((c): c is PageRequestChannel => c !== 'scan:dropped')

function recordingTransport() {
  const invoked: Array<{ channel: string; args: unknown }> = []
  const listeners = new Map<IpcEventChannel, (payload: never) => void>()
  const transport: IpcTransport = {
    invoke: async (channel, args) => {
      invoked.push({ channel, args })
      return { ok: false, code: 'recorded', message: channel }
    },
    on: (channel, listener) => {
      listeners.set(channel, listener)
      return () => listeners.delete(channel)
    }
  }
  return { transport, invoked, listeners }
}

describe('the preload API', () => {
  it('offers the page one method per request it may name, plus events and dropped files, and cannot be altered', () => {
    const api = createUploaderApi(recordingTransport().transport, () => [])
    expect(Object.keys(api).sort()).toEqual([...PAGE_CHANNELS, 'onEvent', 'scanDroppedFiles'].sort())
    expect(Object.keys(api)).not.toContain('scan:dropped')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('sends each request to main on the channel of the same name, with the page’s arguments untouched', async () => {
    const { transport, invoked } = recordingTransport()
    const api = createUploaderApi(transport, () => [])
    for (const channel of PAGE_CHANNELS) {
      // Every method at once, whatever its argument type: the contract's types are not what is under test here.
      const answer: unknown = await Reflect.apply(api[channel], undefined, [{ sentTo: channel }])
      expect(answer).toEqual({ ok: false, code: 'recorded', message: channel })
    }
    expect(invoked).toEqual(PAGE_CHANNELS.map((channel) => ({ channel, args: { sentTo: channel } })))
  })

  it('scans dropped files by the paths the preload finds for them, and refuses files that have none', async () => {
    const { transport, invoked } = recordingTransport()
    const real = new File(['x'], 'a.mp4')
    const madeUp = new File(['x'], 'shadow.mp4')
    const api = createUploaderApi(transport, (files) => files.filter((f) => f === real).map(() => '/home/me/a.mp4'))
    expect(await api.scanDroppedFiles([madeUp])).toMatchObject({ ok: false, code: 'not-files' })
    expect(invoked).toEqual([])
    await api.scanDroppedFiles([real, madeUp])
    expect(invoked).toEqual([{ channel: 'scan:dropped', args: { paths: ['/home/me/a.mp4'] } }])
  })

  it('hands an event listener the payload alone, never what else the transport passes along', () => {
    const { transport, listeners } = recordingTransport()
    const api = createUploaderApi(transport, () => [])
    const received: unknown[][] = []
    const stop = api.onEvent('batch:finished', (...args: unknown[]) => received.push(args))
    const forward = listeners.get('batch:finished')
    if (!forward) throw new Error('the API did not subscribe to the transport')
    Reflect.apply(forward, undefined, [{ batchId: 7, summary: { done: 1 } }, { sender: 'raw IPC event' }])
    expect(received).toEqual([[{ batchId: 7, summary: { done: 1 } }]])
    stop()
    expect(listeners.has('batch:finished')).toBe(false)
  })

  it('refuses an event channel the contract does not name', () => {
    const api = createUploaderApi(recordingTransport().transport, () => [])
    expect(() => Reflect.apply(api.onEvent, api, ['secrets:leak', () => undefined])).toThrow(/unknown event channel/)
  })
})
