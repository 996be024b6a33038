process.env.NODE_ENV = 'test'

import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { configure, processCLIArgs, run } from '@japa/runner'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/**
 * Once the summary is printed, the process must end even when a test left a server or a socket
 * open (a failing test skips its own cleanup): a run that never ends hides its result. The
 * leftovers are named so that the leak can be found.
 */
function exitIfHeldOpen(graceMs = 10_000) {
  setTimeout(() => {
    const held = process.getActiveResourcesInfo().filter((name) => name !== 'Timeout')
    console.error(`The tests are over but the process was held open by: ${held.join(', ') || 'timers'}. Exiting.`)
    process.exit()
  }, graceMs).unref()
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
  .testRunner()
  .configure(async (app) => {
    const { runnerHooks, ...config } = await import('../tests/bootstrap.js')

    processCLIArgs(process.argv.splice(2))
    configure({
      ...app.rcFile.tests,
      ...config,
      ...{
        setup: runnerHooks.setup,
        teardown: runnerHooks.teardown.concat([() => app.terminate()]),
      },
    })
  })
  .run(async () => {
    await run()
    exitIfHeldOpen()
  })
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
