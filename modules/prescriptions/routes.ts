import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const GestioneStudioController = () => import('./controllers/gestione_studio_controller.js')
const ChartPrescriptionsController = () => import('./controllers/chart_prescriptions_controller.js')
const PickersController = () => import('./controllers/pickers_controller.js')
const CredentialsController = () => import('./controllers/credentials_controller.js')

const number = router.matchers.number()

router
  .group(() => {
    router.get('/gestione-studio', [GestioneStudioController, 'index']).as('gestione_studio.index')
    router.get('/gestione-studio/avviso', [GestioneStudioController, 'banner']).as('gestione_studio.banner')
    router.get('/gestione-studio/remota', [GestioneStudioController, 'remote']).as('gestione_studio.remote')
    router.post('/gestione-studio/invia', [GestioneStudioController, 'send']).as('gestione_studio.send')
    router.post('/gestione-studio/stampa', [GestioneStudioController, 'printBatch']).as('gestione_studio.print_batch')
    router.post('/gestione-studio/email', [GestioneStudioController, 'emailBatch']).as('gestione_studio.email_batch')
    router.post('/gestione-studio/firmatario', [GestioneStudioController, 'signer']).as('gestione_studio.signer')
    router.post('/gestione-studio/impostazioni', [GestioneStudioController, 'options']).as('gestione_studio.options')
    router.get('/gestione-studio/credenziali', [CredentialsController, 'show']).as('gestione_studio.credentials')
    router.post('/gestione-studio/credenziali', [CredentialsController, 'save']).as('gestione_studio.credentials.save')
    router.post('/gestione-studio/credenziali/prova', [CredentialsController, 'test']).as('gestione_studio.credentials.test')
    router.post('/gestione-studio/credenziali/sessione', [CredentialsController, 'twoFactor']).as('gestione_studio.credentials.two_factor')
    router.post('/gestione-studio/:id/riprova', [GestioneStudioController, 'retry']).as('gestione_studio.retry').where('id', number)
    router.get('/gestione-studio/:id', [GestioneStudioController, 'show']).as('gestione_studio.show').where('id', number)
    router.post('/gestione-studio/:id/cancella', [GestioneStudioController, 'cancel']).as('gestione_studio.cancel').where('id', number)
    router.get('/gestione-studio/:id/promemoria', [GestioneStudioController, 'promemoria']).as('gestione_studio.promemoria').where('id', number)
    router.post('/gestione-studio/:id/verifica', [GestioneStudioController, 'checkDispensing']).as('gestione_studio.check').where('id', number)
    router.post('/gestione-studio/:id/reinvia', [GestioneStudioController, 'resend']).as('gestione_studio.resend').where('id', number)

    router.get('/pazienti/:id/prescrizioni', [ChartPrescriptionsController, 'index']).as('chart.prescriptions').where('id', number)
    router.post('/pazienti/:id/prescrizioni', [ChartPrescriptionsController, 'store']).as('chart.prescriptions.store').where('id', number)

    router.get('/prescrizioni/farmaci', [PickersController, 'drugs']).as('prescriptions.drugs')
    router.get('/prescrizioni/prestazioni', [PickersController, 'services']).as('prescriptions.services')
  })
  .use([middleware.auth(), middleware.staff()])

await import('./routes_red.js')
