/*
| Boots the studio in console mode for a benchmark script (the same way ace does), so the
| script can use the app's services. Log level 'error' unless LOG_LEVEL says otherwise.
*/
import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'

export async function bootConsoleApp() {
  const APP_ROOT = new URL('../../../', import.meta.url)
  process.env.LOG_LEVEL ??= 'error'
  const app = new Ignitor(APP_ROOT, {
    importer: (path) => import(path.startsWith('.') ? new URL(path, APP_ROOT).href : path),
  }).createApp('console')
  app.booting(async () => {
    await import('#start/env')
  })
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}
