/*
| Test helpers of live update: throw-away folders, a feed built from the fixtures, a static
| HTTP server for the URL case, and a one-byte change to "tamper" with a package.
*/
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { connect as netConnect } from 'node:net'
import { join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { buildFeed } from '../services/build_feed.js'
import { saveSettings } from '../services/update_settings.js'

export const fixtures = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

/** A fresh folder under tmp/ and the function that removes it. */
export function scratchDir(label: string) {
  const dir = app.makePath('tmp', 'test-liveupdate', `${label}-${randomBytes(4).toString('hex')}`)
  mkdirSync(dir, { recursive: true })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Builds a signed feed from a fixture folder; the key is created on the first build. */
export async function buildFixtureFeed(scratch: string, fixture = 'feed-v1', feedName = 'feed') {
  const keyFile = join(scratch, 'feed-key.pem')
  const result = await buildFeed({
    outDir: join(scratch, feedName),
    from: fixtures(fixture),
    keyFile,
    generateKey: !existsSync(keyFile),
  })
  return { ...result, dir: join(scratch, feedName) }
}

/** Points this process at a feed, as the administrator and the configuration would. */
export async function useFeed(url: string, publicKey: string) {
  env.set('UPDATE_PUBLIC_KEY', publicKey)
  await saveSettings({ feedUrl: url, proxy: null, checkEveryMinutes: null, autoApply: false })
}

export function forgetPublicKey() {
  env.set('UPDATE_PUBLIC_KEY', '')
}

/** Changes one byte in the middle of a file. */
export function tamper(file: string) {
  const bytes = readFileSync(file)
  bytes[Math.floor(bytes.length / 2)] ^= 0x01
  writeFileSync(file, bytes)
}

/** A static file server on a loopback port, as the publisher's web server would be. */
export async function staticServer(root: string) {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname)
    requests.push(path)
    const file = normalize(join(root, path))
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as any).port as number
  return {
    url: `http://127.0.0.1:${port}/feed`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A loopback port nobody listens on. */
export async function closedPort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as any).port as number
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** `node ace ...` in a child process with its own environment and SQLite file; never throws. */
export function ace(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: app.makePath(),
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', DB_CONNECTION: 'sqlite', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }))
  })
}

/** An HTTP proxy on a loopback port (CONNECT tunnels and plain requests); records what it carried. */
export async function httpProxy() {
  const carried: string[] = []
  const server = createServer((req, res) => {
    carried.push(`${req.method} ${req.url}`)
    const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  const tunnels = new Set<{ destroy(): void }>()
  server.on('connect', (req, client, head) => {
    tunnels.add(client)
    carried.push(`CONNECT ${req.url}`)
    const [host, port] = String(req.url).split(':')
    const socket = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      socket.write(head)
      socket.pipe(client)
      client.pipe(socket)
    })
    socket.on('error', () => client.destroy())
    client.on('error', () => socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as any).port as number
  return {
    url: `http://127.0.0.1:${port}`,
    carried,
    close: () =>
      new Promise<void>((resolve) => {
        for (const tunnel of tunnels) tunnel.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
