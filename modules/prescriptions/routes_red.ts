import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const RedPadsController = () => import('./controllers/red_pads_controller.js')

const number = router.matchers.number()

// Red (DPCM) prescriptions: pads in the printers, printing on the next sheet, MEF send summary.
router
  .group(() => {
    router.get('/gestione-studio/ricettari', [RedPadsController, 'index']).as('red_pads.index')
    router.post('/gestione-studio/ricettari', [RedPadsController, 'store']).as('red_pads.store')
    router.post('/gestione-studio/ricettari/:padId/disattiva', [RedPadsController, 'deactivate']).as('red_pads.deactivate').where('padId', number)
    router.get('/gestione-studio/ricettari/invii', [RedPadsController, 'transmissions']).as('red_pads.transmissions')
    router.post('/gestione-studio/ricettari/invii/coda', [RedPadsController, 'sendQueued']).as('red_pads.send_queued')
    router.post('/gestione-studio/ricettari/invii/esiti', [RedPadsController, 'checkVerdicts']).as('red_pads.check_verdicts')
    router.post('/gestione-studio/ricettari/invii/:id/riprova', [RedPadsController, 'retry']).as('red_pads.retry').where('id', number)
    router.get('/gestione-studio/:id/ricetta-rossa', [RedPadsController, 'printForm']).as('red_pads.print_form').where('id', number)
    router.post('/gestione-studio/:id/ricetta-rossa', [RedPadsController, 'print']).as('red_pads.print').where('id', number)
    router.get('/gestione-studio/:id/ricetta-rossa/pdf', [RedPadsController, 'pdf']).as('red_pads.pdf').where('id', number)
  })
  .use([middleware.auth(), middleware.staff()])
