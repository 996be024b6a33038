/*
| The clinical record (cartella): summary, sections, attachments.
| Forms post to the same URL to add; POST /pazienti/:id/<tab>/:entryId with _method=PUT or
| DELETE (form field or query string) changes or removes an entry.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { SECTION_SLUGS } from '#services/chart/sections/section'

const ChartController = () => import('#controllers/chart_controller')
const ChartSectionsController = () => import('#controllers/chart_sections_controller')
const ChartProblemsController = () => import('#controllers/chart_problems_controller')
const ChartTherapiesController = () => import('#controllers/chart_therapies_controller')
const ChartAttachmentsController = () => import('#controllers/chart_attachments_controller')

const number = router.matchers.number()
const section = { match: new RegExp(`^(${SECTION_SLUGS.join('|')})$`) }

router
  .group(() => {
    router.get('/pazienti/:id', [ChartController, 'show']).as('chart.show')

    router.get('/pazienti/:id/allegati', [ChartAttachmentsController, 'index']).as('chart.attachments')
    router.post('/pazienti/:id/allegati', [ChartAttachmentsController, 'store']).as('chart.attachments.store')
    router.get('/pazienti/:id/allegati/:entryId', [ChartAttachmentsController, 'download']).as('chart.attachments.download')
    router.post('/pazienti/:id/allegati/:entryId', [ChartAttachmentsController, 'dispatch']).as('chart.attachments.dispatch')
    router.delete('/pazienti/:id/allegati/:entryId', [ChartAttachmentsController, 'destroy']).as('chart.attachments.destroy')

    router.post('/pazienti/:id/problemi/:entryId/risolvi', [ChartProblemsController, 'resolve']).as('chart.problems.resolve')
    router.post('/pazienti/:id/terapie/:entryId/sospendi', [ChartTherapiesController, 'stop']).as('chart.therapies.stop')

    router.get('/pazienti/:id/:section', [ChartSectionsController, 'index']).as('chart.section')
    router.post('/pazienti/:id/:section', [ChartSectionsController, 'store']).as('chart.store')
    router.post('/pazienti/:id/:section/:entryId', [ChartSectionsController, 'dispatch']).as('chart.dispatch')
    router.put('/pazienti/:id/:section/:entryId', [ChartSectionsController, 'update']).as('chart.update')
    router.delete('/pazienti/:id/:section/:entryId', [ChartSectionsController, 'destroy']).as('chart.destroy')
  })
  .where('id', number)
  .where('entryId', number)
  .where('section', section)
  .use([middleware.auth(), middleware.staff()])
