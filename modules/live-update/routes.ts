import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const UpdatesController = () => import('./controllers/updates_controller.js')
const UpdateMessagesController = () => import('./controllers/update_messages_controller.js')

router
  .group(() => {
    router.get('/', [UpdatesController, 'index']).as('index')
    router.post('/controlla', [UpdatesController, 'check']).as('check')
    router.post('/applica', [UpdatesController, 'apply']).as('apply')
    router.post('/impostazioni', [UpdatesController, 'saveSettings']).as('settings')
  })
  .prefix('/admin/aggiornamenti')
  .as('live_update')
  .use([middleware.auth(), middleware.staff()])

router
  .group(() => {
    router.get('/', [UpdateMessagesController, 'index']).as('index')
    router.post('/:id/nascondi', [UpdateMessagesController, 'dismiss']).as('dismiss').where('id', router.matchers.number())
  })
  .prefix('/aggiornamenti/messaggi')
  .as('live_update.messages')
  .use([middleware.auth(), middleware.staff()])
