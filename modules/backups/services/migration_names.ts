/*
| The migrations this installation knows (core and enabled modules), named as adonis_schema
| names them: what a restore compares with the backup's list.
*/
import { existsSync, readdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

export function knownMigrationNames(): string[] {
  const config = app.config.get<any>('database')
  const paths: string[] = config.connections[config.connection]?.migrations?.paths ?? ['database/migrations']
  return paths.flatMap((dir) => {
    const absolute = app.makePath(dir)
    if (!existsSync(absolute)) return []
    return readdirSync(absolute)
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => `${dir}/${f.replace(/\.(ts|js)$/, '')}`)
  })
}

/** What the backup has that we do not (a newer version made it), and what we have that it lacks. */
export function compareMigrations(backup: string[]) {
  const known = knownMigrationNames()
  return {
    unknown: backup.filter((name) => !known.includes(name)),
    pending: known.filter((name) => !backup.includes(name)),
  }
}
