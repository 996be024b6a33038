/*
| Interface strings live in resources/lang/<locale>/*.json (one file per area), so that another
| language is a folder of JSON files. `t('auth.invalid_credentials', { n: 3 })` → Italian text.
*/
import { readdirSync, readFileSync, existsSync } from 'node:fs'

const langRoot = new URL('../../resources/lang/', import.meta.url)
const DEFAULT_LOCALE = 'it'

type Messages = Record<string, string>
const catalogs = new Map<string, Messages>()

function flatten(prefix: string, value: unknown, into: Messages) {
  if (typeof value === 'string') {
    into[prefix] = value
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, into)
  }
}

function load(locale: string): Messages {
  const cached = catalogs.get(locale)
  if (cached) return cached
  const messages: Messages = {}
  const dir = new URL(`${locale}/`, langRoot)
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const area = file.replace(/\.json$/, '')
      flatten(area, JSON.parse(readFileSync(new URL(file, dir), 'utf8')), messages)
    }
  }
  catalogs.set(locale, messages)
  return messages
}

/** The message itself, or its `<key>_one` form when `n` is 1 and the catalog has one ("1 anno", not "1 anni"). */
function templateOf(key: string, params: Record<string, unknown>, locale: string) {
  if (Number(params.n) === 1) {
    const one = load(locale)[`${key}_one`] ?? load(DEFAULT_LOCALE)[`${key}_one`]
    if (one !== undefined) return one
  }
  return load(locale)[key] ?? load(DEFAULT_LOCALE)[key] ?? key
}

export function translate(key: string, params: Record<string, unknown> = {}, locale = DEFAULT_LOCALE) {
  const template = templateOf(key, params, locale)
  return template.replace(/\{(\w+)\}/g, (_, name) =>
    params[name] === undefined ? `{${name}}` : String(params[name])
  )
}

/** Every message of an area, flattened (used to give VineJS its Italian messages). */
export function messagesOf(area: string, locale = DEFAULT_LOCALE): Messages {
  const prefix = `${area}.`
  return Object.fromEntries(
    Object.entries(load(locale))
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v])
  )
}
