// Copies the browser libraries we serve ourselves (no CDN: the studio may be offline).
import { copyFileSync, mkdirSync } from 'node:fs'

const files = {
  'node_modules/htmx.org/dist/htmx.min.js': 'public/vendor/htmx.min.js',
  'node_modules/htmx.org/dist/ext/hx-sse.js': 'public/vendor/hx-sse.js',
  'node_modules/alpinejs/dist/cdn.min.js': 'public/vendor/alpine.min.js',
  'node_modules/@adonisjs/transmit-client/build/index.js': 'public/vendor/transmit-client.js',
}
mkdirSync('public/vendor', { recursive: true })
for (const [from, to] of Object.entries(files)) copyFileSync(from, to)
