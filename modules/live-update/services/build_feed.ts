/*
| `update:build-feed`: turns data files (or, without a folder, the project's curated seeds
| and embedded data) into bundles, writes manifest.json and signs it. Datasets are whatever
| the core's loaders know (DATASET_KEYS): a dataset added there is built without changes here.
*/
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DateTime } from 'luxon'
import { DATASET_KEYS } from '#services/refdata/dataset'
import { LOADERS } from '#services/refdata/loaders'
import type { TableRows } from '#services/refdata/dataset'
import { writeBundle } from './bundle.js'
import { FEED_FORMAT, MANIFEST_FILE, SIGNATURE_FILE, type FeedComponent } from './feed_format.js'
import { loadOwnedSource, OWNED_KEYS, type OwnedKey } from './owned_components.js'
import { generateFeedKey, publicKeyOfPrivate, signManifest } from './signature.js'

// Names of the published files (see the shared data README) for datasets whose key differs.
const FILE_ALIASES: Record<string, string[]> = {
  icd9cm: ['icd9cm-diagnosi'],
  drugs: ['farmaci-equivalenti', 'farmaci'],
  catalogue: ['catalogo-nazionale-prestazioni', 'catalogo'],
  messages: ['messaggi'],
  dss_rules: ['regole-dss', 'dss-rules'],
}

export interface SourceFile {
  key: string
  file: string | null
}

export interface BuildOptions {
  outDir: string
  /** Folder of data files; null: the curated seeds and the module's own JSON. */
  from: string | null
  keyFile: string | null
  generateKey: boolean
  minAppVersion?: string | null
  onStep?: (step: { key: string; index: number; count: number; text: string }) => void
}

export interface BuildResult {
  components: Array<FeedComponent & { rows: number }>
  failed: Array<{ key: string; error: string }>
  ignored: string[]
  publicKey: string
  keyFile: string
  generatedKey: boolean
}

const ownedSeed = (key: OwnedKey) => fileURLToPath(new URL(`../data/${key}.json`, import.meta.url))

/** Which component a data file feeds, from its name (`asl.csv`, `icd9cm-diagnosi.csv`, `messages.json`). */
export function keyOfFile(name: string): string | null {
  const ext = extname(name).toLowerCase()
  const base = basename(name, extname(name)).toLowerCase()
  if (ext === '.json') {
    return OWNED_KEYS.find((k) => base === k || FILE_ALIASES[k]?.includes(base)) ?? null
  }
  if (ext !== '.csv') return null
  return (
    DATASET_KEYS.find((k) => base === k || FILE_ALIASES[k]?.includes(base)) ??
    DATASET_KEYS.find((k) => base.startsWith(`${k}-`)) ??
    null
  )
}

export function sourcesOf(from: string | null): { sources: SourceFile[]; ignored: string[] } {
  if (!from) {
    return {
      sources: [...DATASET_KEYS.map((key) => ({ key, file: null })), ...OWNED_KEYS.map((key) => ({ key, file: ownedSeed(key) }))],
      ignored: [],
    }
  }
  const sources: SourceFile[] = []
  const ignored: string[] = []
  for (const name of readdirSync(from).sort()) {
    const file = join(from, name)
    if (!statSync(file).isFile()) continue
    const key = keyOfFile(name)
    if (!key || sources.some((s) => s.key === key)) ignored.push(name)
    else sources.push({ key, file })
  }
  return { sources, ignored }
}

function privateKey(options: BuildOptions): { pem: string; file: string; generated: boolean } {
  const file = options.keyFile ?? join(dirname(options.outDir), `${basename(options.outDir)}-chiave-privata.pem`)
  if (options.generateKey) {
    if (existsSync(file)) throw new Error(`Il file della chiave ${file} esiste già: non viene sovrascritto (togliere --generate-key per usarlo).`)
    const key = generateFeedKey()
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, key.privateKeyPem, { mode: 0o600 })
    return { pem: key.privateKeyPem, file, generated: true }
  }
  if (!existsSync(file)) throw new Error(`Chiave privata non trovata (${file}): indicare --key-file oppure crearne una con --generate-key.`)
  return { pem: readFileSync(file, 'utf8'), file, generated: false }
}

interface Built {
  version: string
  tables: TableRows[]
  source: string | null
  sourceSha256: string | null
  licence: string
  attribution: string
  skipped: number
}

async function readSource(source: SourceFile): Promise<Built> {
  if ((OWNED_KEYS as string[]).includes(source.key)) {
    const owned = loadOwnedSource(source.key as OwnedKey, source.file!)
    return { ...owned, source: null, sourceSha256: owned.sha256, skipped: 0 }
  }
  const dataset = await LOADERS[source.key as keyof typeof LOADERS].load(source.file)
  return {
    version: dataset.version,
    tables: dataset.tables,
    source: dataset.sourceUrl,
    sourceSha256: dataset.sha256,
    licence: dataset.licence,
    attribution: dataset.attribution,
    skipped: dataset.skipped.length,
  }
}

export async function buildFeed(options: BuildOptions): Promise<BuildResult> {
  if (options.from && (!existsSync(options.from) || !statSync(options.from).isDirectory())) {
    throw new Error(`La cartella dei dati ${options.from} non esiste.`)
  }
  const key = privateKey(options)
  mkdirSync(options.outDir, { recursive: true })
  const { sources, ignored } = sourcesOf(options.from)
  if (!sources.length) throw new Error('Nessun file di dati riconosciuto: nulla da pubblicare.')

  const components: BuildResult['components'] = []
  const failed: BuildResult['failed'] = []
  for (const [index, source] of sources.entries()) {
    const step = (text: string) => options.onStep?.({ key: source.key, index, count: sources.length, text })
    step(source.file ? `lettura di ${basename(source.file)}` : 'lettura dei dati del progetto')
    try {
      const built = await readSource(source)
      const rows = built.tables.reduce((n, t) => n + t.rows.length, 0)
      if (!rows) throw new Error('nessuna riga valida')
      step(`compressione di ${rows} righe`)
      const gz = writeBundle(
        { key: source.key, version: built.version, source: built.source, licence: built.licence, attribution: built.attribution, source_sha256: built.sourceSha256 },
        built.tables
      )
      const fileName = `${source.key.replace(/[^a-z0-9_-]/gi, '_')}-${built.version.replace(/[^a-z0-9._-]/gi, '_')}.ndjson.gz`
      writeFileSync(join(options.outDir, fileName), gz)
      components.push({
        key: source.key,
        version: built.version,
        url: fileName,
        sha256: createHash('sha256').update(gz).digest('hex'),
        size: gz.length,
        min_app_version: options.minAppVersion ?? null,
        notes: built.skipped ? `${built.skipped} righe della fonte scartate` : null,
        rows,
      })
    } catch (error) {
      failed.push({ key: source.key, error: (error as Error).message })
    }
  }

  const manifest = {
    format: FEED_FORMAT,
    generated_at: DateTime.utc().toISO(),
    components: components.map(({ rows, ...c }) => c),
  }
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8')
  writeFileSync(join(options.outDir, MANIFEST_FILE), bytes)
  writeFileSync(join(options.outDir, SIGNATURE_FILE), signManifest(bytes, key.pem) + '\n')

  // Bundles of earlier builds are no longer listed: remove them so the folder is the feed.
  const listed = new Set(components.map((c) => c.url))
  for (const name of readdirSync(options.outDir)) {
    if (name.endsWith('.ndjson.gz') && !listed.has(name)) rmSync(join(options.outDir, name), { force: true })
  }
  return { components, failed, ignored, publicKey: publicKeyOfPrivate(key.pem), keyFile: key.file, generatedKey: key.generated }
}
