/*
| Where the feed is read from: an http(s) URL (through the configured proxy, if any) or a
| folder. Everything read is size-limited, and a bundle goes to a temporary file hashed as
| it arrives: nothing is trusted before its SHA-256 matches the signed manifest.
*/
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import { liveUpdateConfig } from '../config.js'
import { MANIFEST_FILE, SIGNATURE_FILE, type FeedComponent } from './feed_format.js'
import { UpdateError } from './update_error.js'

export interface FeedLocation {
  /** http(s) URL, file: URL or folder path (relative paths from the application root). */
  url: string
  proxy: string | null
}

export interface FetchedManifest {
  bytes: Buffer
  signature: string
}

const isHttp = (url: string) => /^https?:\/\//i.test(url)

function folderOf(url: string): string {
  const path = url.startsWith('file:') ? fileURLToPath(url) : url
  return isAbsolute(path) ? path : app.makePath(path)
}

function baseUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}

/** Where a component's bundle is: a file inside the feed folder or an http(s) URL. */
export function resolveComponentUrl(feed: FeedLocation, component: Pick<FeedComponent, 'key' | 'url'>): string {
  if (isHttp(component.url)) return component.url
  if (isHttp(feed.url)) {
    const url = new URL(component.url, baseUrl(feed.url))
    if (!isHttp(url.href)) throw new UpdateError('unsafe_url', { key: component.key })
    return url.href
  }
  const folder = folderOf(feed.url)
  const file = resolve(folder, component.url)
  // A signed manifest should not point outside its folder; refuse it rather than read anywhere.
  const rel = relative(folder, file)
  if (rel.startsWith('..') || isAbsolute(rel)) throw new UpdateError('unsafe_url', { key: component.key })
  return file
}

let undiciModule: any = null
const agents = new Map<string, unknown>()

async function fetcher(proxy: string | null): Promise<{ fetch: typeof fetch; dispatcher?: unknown }> {
  if (!proxy) return { fetch }
  if (!undiciModule) {
    // The undici package (the fetch of Node itself) brings ProxyAgent; loaded only when needed.
    const name = 'undici'
    try {
      undiciModule = await import(name)
    } catch {
      throw new UpdateError('proxy_unavailable')
    }
  }
  // One agent per proxy address, reused: its connections stay open between downloads.
  let dispatcher = agents.get(proxy)
  if (!dispatcher) {
    try {
      dispatcher = new undiciModule.ProxyAgent(proxy)
    } catch {
      throw new UpdateError('bad_proxy', { proxy })
    }
    agents.set(proxy, dispatcher)
  }
  return { fetch: undiciModule.fetch, dispatcher }
}

async function httpGet(url: string, proxy: string | null, timeoutMs: number): Promise<Response> {
  const { fetch: doFetch, dispatcher } = await fetcher(proxy)
  let response: Response
  try {
    response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow', ...(dispatcher ? { dispatcher } : {}) } as RequestInit)
  } catch (error) {
    const cause = (error as any)?.cause
    const detail = (error as Error)?.name === 'TimeoutError' ? 'tempo scaduto' : cause?.code || cause?.message || (error as Error).message
    throw new UpdateError('unreachable', { url, detail })
  }
  if (response.status === 404) throw new UpdateError('not_found', { what: url })
  if (!response.ok) throw new UpdateError('http_status', { url, status: response.status })
  return response
}

/** Reads a whole (small) body, refusing more than `limit` bytes. */
async function readLimited(response: Response, limit: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response.body as any as AsyncIterable<Uint8Array>) {
    size += chunk.length
    if (size > limit) throw new UpdateError('too_large', { what: url })
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

async function readSmall(feed: FeedLocation, name: string): Promise<Buffer> {
  const limit = liveUpdateConfig.maxManifestBytes
  if (isHttp(feed.url)) {
    const url = new URL(name, baseUrl(feed.url)).href
    return readLimited(await httpGet(url, feed.proxy, liveUpdateConfig.manifestTimeoutMs), limit, url)
  }
  const folder = folderOf(feed.url)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UpdateError('unreachable', { url: feed.url, detail: 'cartella inesistente' })
  }
  const file = resolve(folder, name)
  if (!existsSync(file)) throw new UpdateError('not_found', { what: name })
  if (statSync(file).size > limit) throw new UpdateError('too_large', { what: name })
  return readFile(file)
}

export async function fetchManifest(feed: FeedLocation): Promise<FetchedManifest> {
  const bytes = await readSmall(feed, MANIFEST_FILE)
  const signature = (await readSmall(feed, SIGNATURE_FILE)).toString('utf8')
  return { bytes, signature }
}

/**
 * Copies a component's bundle to `destination`, hashing it on the way; stops as soon as it
 * grows past the size the manifest declares. The caller compares size and hash.
 */
export async function downloadComponent(
  feed: FeedLocation,
  component: FeedComponent,
  destination: string,
  onBytes?: (done: number, total: number) => void
): Promise<{ size: number; sha256: string }> {
  const source = resolveComponentUrl(feed, component)
  let stream: AsyncIterable<Uint8Array>
  if (isHttp(source)) {
    stream = (await httpGet(source, feed.proxy, liveUpdateConfig.bundleTimeoutMs)).body as any
  } else {
    if (!existsSync(source)) throw new UpdateError('not_found', { what: component.url })
    stream = createReadStream(source)
  }
  const hash = createHash('sha256')
  const out = createWriteStream(destination)
  let size = 0
  try {
    for await (const chunk of stream) {
      size += chunk.length
      if (size > component.size) throw new UpdateError('size_mismatch', { key: component.key, expected: component.size, actual: `più di ${component.size}` })
      hash.update(chunk)
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
      onBytes?.(size, component.size)
    }
  } finally {
    await new Promise<void>((r) => out.end(() => r()))
  }
  return { size, sha256: hash.digest('hex') }
}
