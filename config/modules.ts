/*
| Which modules and which region an installation runs.
| Read from process.env (falling back to the .env file) rather than from the validated env
| service, because the module list is needed before the application boots: by adonisrc
| command loading and by config/database.ts for the migration folders.
*/
import { existsSync, readFileSync } from 'node:fs'

const projectRoot = new URL('../', import.meta.url)

function fromDotEnv(name: string): string | undefined {
  const file = new URL('.env', projectRoot)
  if (!existsSync(file)) return undefined
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.trim().startsWith(`${name}=`))
  return line?.slice(line.indexOf('=') + 1).trim().replace(/^["']|["']$/g, '')
}

function setting(name: string): string | undefined {
  return process.env[name] ?? fromDotEnv(name)
}

/** `all` (default), `none`, or a comma list of module names. */
export function requestedModules(): 'all' | string[] {
  const raw = (setting('STUDIO_MODULES') ?? 'all').trim().toLowerCase()
  if (raw === '' || raw === 'all') return 'all'
  if (raw === 'none') return []
  return raw.split(',').map((name) => name.trim()).filter(Boolean)
}

/** The installation's region, lower case with dashes (`lazio`, `valle-d-aosta`). */
export function studioRegion(): string {
  return (setting('STUDIO_REGION') ?? 'lazio')
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '')
}

export const modulesRoot = new URL('../modules/', import.meta.url)
