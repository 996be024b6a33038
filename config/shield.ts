import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'
import { appUrl } from '#config/app'

const shieldConfig = defineConfig({
  /**
   * Scripts come from our own origin only (htmx, Alpine, our js); inline scripts need the
   * request nonce. Alpine evaluates its expressions with Function(), hence 'unsafe-eval'.
   */
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`, '@nonce', `'unsafe-eval'`],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:', 'blob:'],
      connectSrc: [`'self'`],
      fontSrc: [`'self'`],
      objectSrc: [`'none'`],
      frameAncestors: [`'none'`],
      formAction: [`'self'`],
      baseUri: [`'self'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    exceptRoutes: ['/health'],
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  // HSTS only makes sense when the studio is served over https.
  hsts: {
    enabled: app.inProduction && appUrl.startsWith('https'),
    maxAge: '180 days',
    includeSubDomains: true,
  },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
