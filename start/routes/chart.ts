/*
| The clinical record (cartella): summary, sections, attachments.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ChartController = () => import('#controllers/chart_controller')
const ChartAttachmentsController = () => import('#controllers/chart_attachments_controller')

const id = { id: router.matchers.number(), entryId: router.matchers.number() }

router
  .group(() => {
    router.get('/pazienti/:id', [ChartController, 'show']).as('chart.show').where('id', id.id)
    router.get('/pazienti/:id/allegati', [ChartAttachmentsController, 'index']).as('chart.attachments').where('id', id.id)
    router.post('/pazienti/:id/allegati', [ChartAttachmentsController, 'store']).as('chart.attachments.store').where('id', id.id)
    router.get('/pazienti/:id/allegati/:entryId', [ChartAttachmentsController, 'download']).as('chart.attachments.download').where('id', id.id).where('entryId', id.entryId)
    router.delete('/pazienti/:id/allegati/:entryId', [ChartAttachmentsController, 'destroy']).as('chart.attachments.destroy').where('id', id.id).where('entryId', id.entryId)
    router.get('/pazienti/:id/:section', [ChartController, 'section']).as('chart.section').where('id', id.id)
    router.post('/pazienti/:id/:section', [ChartController, 'store']).as('chart.store').where('id', id.id)
    router.put('/pazienti/:id/:section/:entryId', [ChartController, 'update']).as('chart.update').where('id', id.id).where('entryId', id.entryId)
    router.delete('/pazienti/:id/:section/:entryId', [ChartController, 'destroy']).as('chart.destroy').where('id', id.id).where('entryId', id.entryId)
  })
  .use([middleware.auth(), middleware.staff()])
