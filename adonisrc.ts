import { indexEntities } from '@adonisjs/core'
import { defineConfig } from '@adonisjs/core/app'

const suite = (name: string, timeout = 30_000) => ({
  name,
  files: [`tests/${name}/**/*.spec.{ts,js}`, `modules/*/tests/${name}/**/*.spec.{ts,js}`],
  timeout,
})

export default defineConfig({
  hooks: {
    init: [indexEntities({ events: { enabled: false }, listeners: { enabled: false } })],
  },

  commands: [
    () => import('@adonisjs/core/commands'),
    () => import('@adonisjs/lucid/commands'),
    () => import('@adonisjs/session/commands'),
    () => import('./app/modules/commands_loader.js'),
  ],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    { file: () => import('@adonisjs/core/providers/repl_provider'), environment: ['repl', 'test'] },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/core/providers/edge_provider'),
    () => import('@adonisjs/session/session_provider'),
    () => import('@adonisjs/shield/shield_provider'),
    () => import('@adonisjs/static/static_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/auth/auth_provider'),
    () => import('@adonisjs/bouncer/bouncer_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('#providers/studio_provider'),
    () => import('#providers/modules_provider'),
    () => import('@adonisjs/transmit/transmit_provider'),
    () => import('#providers/jobs_provider'),
    () => import('#providers/live_provider'),
    () => import('#providers/mail_provider'),
    () => import('#providers/pdf_provider'),
  ],

  preloads: [() => import('#start/routes'), () => import('#start/kernel')],

  metaFiles: [
    { pattern: 'resources/views/**/*.edge', reloadServer: false },
    { pattern: 'modules/*/views/**/*.edge', reloadServer: false },
    { pattern: 'resources/lang/**/*.json', reloadServer: false },
    { pattern: 'database/seeds/**/*', reloadServer: false },
    { pattern: 'public/**', reloadServer: false },
  ],

  tests: {
    suites: [suite('unit'), suite('functional'), suite('browser', 60_000)],
    forceExit: false,
  },
})
