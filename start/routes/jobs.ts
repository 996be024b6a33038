// Platform: jobs routes. /admin/code is the job queues page (administrator and titolare).
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const QueuesController = () => import('#controllers/admin/queues_controller')

router
  .group(() => {
    router.get('/admin/code', [QueuesController, 'index']).as('admin.queues')
    router
      .post('/admin/code/falliti/:id/riprova', [QueuesController, 'retry'])
      .as('admin.queues.retry')
      .where('id', router.matchers.number())
  })
  .use([middleware.auth(), middleware.staff()])
