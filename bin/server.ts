import 'reflect-metadata'
import cluster from 'node:cluster'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { plannedWorkers, serverSettings, superviseWorkers } from '../app/services/server_workers.js'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

// Several web processes when asked (and possible): the primary only supervises them.
const plan = cluster.isPrimary ? plannedWorkers(serverSettings(APP_ROOT)) : { count: 1, warning: null }
if (plan.warning) console.warn(plan.warning)
if (cluster.isPrimary && plan.count > 1) superviseWorkers(plan.count)
else startHttpServer()

function startHttpServer() {
  new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((app) => {
      app.booting(async () => {
        await import('#start/env')
      })
      app.listen('SIGTERM', () => app.terminate())
      app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
    })
    .httpServer()
    .start()
    .catch((error) => {
      process.exitCode = 1
      prettyPrintError(error)
    })
}
