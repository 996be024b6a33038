/*
| Administration: accounts, studio settings, audit log, outgoing mail.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AdminController = () => import('#controllers/admin/admin_controller')
const UsersController = () => import('#controllers/admin/users_controller')
const ClinicsController = () => import('#controllers/admin/clinics_controller')
const MailController = () => import('#controllers/admin/mail_controller')

router
  .group(() => {
    router.get('/', [AdminController, 'index']).as('index')
    router.get('/studio', [AdminController, 'studio']).as('studio')
    router.post('/studio', [AdminController, 'saveStudio']).as('studio.save')
    router.get('/audit', [AdminController, 'audit']).as('audit')
    router.get('/ambulatori', [ClinicsController, 'index']).as('clinics.index')
    router.get('/ambulatori/nuovo', [ClinicsController, 'create']).as('clinics.create')
    router.post('/ambulatori', [ClinicsController, 'save']).as('clinics.store')
    router.get('/ambulatori/:id', [ClinicsController, 'edit']).as('clinics.edit').where('id', router.matchers.number())
    router.get('/ambulatori/:id/prova-stampa', [ClinicsController, 'printTest']).as('clinics.print_test').where('id', router.matchers.number())
    router.post('/ambulatori/:id', [ClinicsController, 'save']).as('clinics.update').where('id', router.matchers.number())
    router.get('/posta', [MailController, 'index']).as('mail')
    router.get('/posta/:id', [MailController, 'show']).as('mail.show').where('id', router.matchers.number())
    router.post('/posta/:id/riprova', [MailController, 'retry']).as('mail.retry').where('id', router.matchers.number())
    router.post('/posta/sms/:id/riprova', [MailController, 'retrySms']).as('sms.retry').where('id', router.matchers.number())
    router.get('/posta/ricevuta/:id', [MailController, 'caught']).as('mail.caught').where('id', router.matchers.number())
    router.get('/posta/ricevuta/:id/html', [MailController, 'caughtHtml']).as('mail.caught.html').where('id', router.matchers.number())
    router
      .get('/posta/ricevuta/:id/allegati/:index', [MailController, 'caughtAttachment'])
      .as('mail.caught.attachment')
      .where('id', router.matchers.number())
      .where('index', router.matchers.number())
    router.get('/utenti', [UsersController, 'index']).as('users.index')
    router.get('/utenti/nuovo', [UsersController, 'create']).as('users.create')
    router.post('/utenti', [UsersController, 'store']).as('users.store')
    router.get('/utenti/:id', [UsersController, 'edit']).as('users.edit').where('id', router.matchers.number())
    router.put('/utenti/:id', [UsersController, 'update']).as('users.update').where('id', router.matchers.number())
    router.post('/utenti/:id/:action', [UsersController, 'action']).as('users.action').where('id', router.matchers.number())
  })
  .prefix('/admin')
  .as('admin')
  .use([middleware.auth(), middleware.staff()])
