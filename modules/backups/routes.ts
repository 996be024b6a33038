import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const BackupsController = () => import('./controllers/backups_controller.js')
const BackupTasksController = () => import('./controllers/backup_tasks_controller.js')
const DoctorExportController = () => import('./controllers/doctor_export_controller.js')

router
  .group(() => {
    router.get('/', [BackupsController, 'index']).as('index')
    router.get('/esecuzioni/:id/log', [BackupsController, 'log']).as('runs.log').where('id', router.matchers.number())
    router.post('/mail-prova', [BackupsController, 'testMail']).as('test_mail')
    router.post('/esporta-medico', [DoctorExportController, 'store']).as('doctor_export')

    router.get('/attivita/nuova', [BackupTasksController, 'create']).as('tasks.create')
    router.post('/attivita', [BackupTasksController, 'store']).as('tasks.store')
    router.get('/attivita/:id', [BackupTasksController, 'edit']).as('tasks.edit').where('id', router.matchers.number())
    // Plain POST (no _method): the form's "test mail" button posts the same fields elsewhere.
    router.post('/attivita/:id', [BackupTasksController, 'update']).as('tasks.update').where('id', router.matchers.number())
    router.delete('/attivita/:id', [BackupTasksController, 'destroy']).as('tasks.destroy').where('id', router.matchers.number())
    router.post('/attivita/:id/esegui', [BackupsController, 'runNow']).as('tasks.run').where('id', router.matchers.number())
  })
  .prefix('/admin/backup')
  .as('backups')
  .use([middleware.auth(), middleware.staff()])
