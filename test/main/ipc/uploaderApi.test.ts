// The API the preload hands the page: exactly the contract's channels, each calling main on its own channel, and
// events that reach the page as their payload alone.
import { describe, expect, it } from 'vitest'
import { createUploaderApi } from '../../../src/preload/uploaderApi'
import { REQUEST_CHANNELS, type IpcEventChannel, type IpcTransport } from '../../../src/shared/ipc-contract'

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
  it('offers the page one method per request channel, plus events and dropped-file paths, and cannot be altered', () => {
    const api = createUploaderApi(recordingTransport().transport, () => [])
    expect(Object.keys(api).sort()).toEqual([...REQUEST_CHANNELS, 'onEvent', 'pathsForDroppedFiles'].sort())
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('sends each request to main on the channel of the same name, with the page’s arguments untouched', async () => {
    const { transport, invoked } = recordingTransport()
    const api = createUploaderApi(transport, () => [])
    for (const channel of REQUEST_CHANNELS) {
      // Every method at once, whatever its argument type: the contract's types are not what is under test here.
      const answer: unknown = await Reflect.apply(api[channel], undefined, [{ sentTo: channel }])
      expect(answer).toEqual({ ok: false, code: 'recorded', message: channel })
    }
    expect(invoked).toEqual(REQUEST_CHANNELS.map((channel) => ({ channel, args: { sentTo: channel } })))
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
