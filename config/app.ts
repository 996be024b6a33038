import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'

/**
 * The development key below only exists so that the zero-setup demo boots;
 * `scripts/bootstrap.sh` writes a random APP_KEY into .env on first run.
 */
export const appKey = env.get('APP_KEY')?.release() ?? 'studio-mg-development-key-change-me-000'

export const appUrl = env.get('APP_URL', `http://localhost:${env.get('PORT', 3333)}`)

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: true,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction && appUrl.startsWith('https'),
    sameSite: 'lax',
  },
})
