/*
| Live notifications (server-sent events with @adonisjs/transmit): GET /__transmit/events,
| POST /__transmit/subscribe|unsubscribe, for signed-in staff only. Not registered in ace
| commands, which have no page to notify.
*/
import app from '@adonisjs/core/services/app'
import { middleware } from '#start/kernel'

if (['web', 'test'].includes(app.getEnvironment())) {
  const { default: transmit } = await import('@adonisjs/transmit/services/main')
  const { refuseUnknownChannels } = await import('#services/live/channels')
  transmit.registerRoutes((route) => {
    route.use([middleware.auth(), middleware.staff()])
    if (route.getPattern().endsWith('__transmit/subscribe')) route.use(refuseUnknownChannels)
  })
}
