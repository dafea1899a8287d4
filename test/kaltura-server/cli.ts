// `npm run kaltura:dev`: runs the test server in the foreground on a fixed port and prints how to talk to it.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CONTROL_NAMES } from './control'
import { startKalturaTestServer } from './index'

const DEFAULT_PORT = 8765
const DEFAULT_DATA_DIR = './.kaltura-dev'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      host: { type: 'string', default: '127.0.0.1' },
      'final-chunk-wait-ms': { type: 'string' },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    console.log('usage: npm run kaltura:dev -- [--port 8765] [--data-dir ./.kaltura-dev] [--host 127.0.0.1] [--final-chunk-wait-ms 45000]')
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`)
  const dataDir = resolve(values['data-dir'])
  const finalChunkWaitMs = values['final-chunk-wait-ms'] === undefined ? undefined : Number(values['final-chunk-wait-ms'])
  const server = await startKalturaTestServer({ dataDir, port, host: values.host, finalChunkWaitMs })

  console.log(`Kaltura test server listening
  service URL    ${server.url}            (API: ${server.url}/api_v3/service/{service}/action/{action}, format=1 for JSON)
  partner id     ${server.partnerId}
  admin secret   ${server.adminSecret}
  user secret    ${server.userSecret}
  data dir       ${dataDir}

Get a KS:
  curl -s -X POST ${server.url}/api_v3/service/session/action/start \\
    -H 'Content-Type: application/json' \\
    -d '{"format":1,"partnerId":${server.partnerId},"secret":"${server.adminSecret}","type":2,"userId":"dev"}'
  or sign a v1/v2 KS locally with the admin secret. Send it as "ks" in the body of every uploadToken/media call.

Control API (POST JSON, e.g. curl -X POST ${server.url}/__test/faults.add -d '{"action":{"kind":"http","status":502}}'):
  ${server.url}/__test/<name>   names: ${CONTROL_NAMES.join(', ')}

Ctrl-C stops the server; data stays in the data dir.`)

  let stopping = false
  const stop = (): void => {
    // A second Ctrl-C skips the clean shutdown.
    if (stopping) process.exit(130)
    stopping = true
    console.log('\nstopping…')
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
