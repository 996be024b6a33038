import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'studio-mg-session',
  clearWithBrowser: true,
  // A studio PC is shared: idle sessions end after two hours.
  age: '2h',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction && (env.get('APP_URL') ?? '').startsWith('https'),
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER', 'file'),
  stores: {
    cookie: stores.cookie(),
    file: stores.file({ location: app.tmpPath('sessions') }),
  },
})

export default sessionConfig
