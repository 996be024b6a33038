import type { HttpContext } from '@adonisjs/core/http'
import { storagePath } from '#config/studio'
import { audit } from '#services/audit_log'
import BackupTask from '../models/backup_task.js'
import { defaultDestination } from '../services/default_task.js'
import { sealPassword } from '../services/task_password.js'
import { applyTaskSchedule, removeTaskSchedule } from '../services/task_schedule.js'
import { flashFormErrors } from './flash_errors.js'
import { validateTaskInput, type TaskInput } from '../validators/task_input.js'
import { manageBackups } from '../abilities.js'

/** New tasks show the default task's settings: what most studios want. */
const NEW_TASK_DEFAULTS = {
  weekdays: [1, 2, 3, 4, 5, 6],
  runAt: '10:00',
  attachments: 'included',
  secondLocationMode: 'copy',
  isEnabled: true,
}

function apply(task: BackupTask, input: TaskInput) {
  task.merge({
    name: input.name,
    destination: input.destination,
    secondLocation: input.secondLocation,
    secondLocationMode: input.secondLocationMode,
    weekdays: input.weekdays,
    runAt: input.runAt,
    attachments: input.attachments,
    notifyEmail: input.notifyEmail,
    clinicName: input.clinicName,
    isEnabled: input.isEnabled,
  })
  if (input.password === null) task.passwordEncrypted = null
  else if (input.password !== undefined) task.passwordEncrypted = sealPassword(input.password)
}

/** /admin/backup/attivita: create, edit and delete scheduled backup tasks. */
export default class BackupTasksController {
  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize(manageBackups)
    return view.render('backups::pages/task_form', {
      task: null,
      defaults: { ...NEW_TASK_DEFAULTS, destination: defaultDestination() },
    })
  }

  async store(ctx: HttpContext) {
    const { bouncer, request, response, session, t } = ctx
    await bouncer.authorize(manageBackups)
    const { input, errors } = await validateTaskInput(request.all(), {
      storageDir: storagePath,
      hasPassword: false,
      nameTaken: async (name) => Boolean(await BackupTask.findBy('name', name)),
    })
    if (!input) {
      flashFormErrors(session, errors)
      return response.redirect().back()
    }
    const task = new BackupTask()
    apply(task, input)
    await task.save()
    await applyTaskSchedule(task)
    await audit(ctx, { action: 'create', entity: 'backup_task', entityId: task.id, details: { name: task.name } })
    session.flash('success', t('backups.task_saved', { name: task.name }))
    return response.redirect('/admin/backup')
  }

  async edit({ view, bouncer, params }: HttpContext) {
    await bouncer.authorize(manageBackups)
    const task = await BackupTask.findOrFail(params.id)
    return view.render('backups::pages/task_form', { task, defaults: task })
  }

  async update(ctx: HttpContext) {
    const { bouncer, request, response, session, params, t } = ctx
    await bouncer.authorize(manageBackups)
    const task = await BackupTask.findOrFail(params.id)
    const { input, errors } = await validateTaskInput(request.all(), {
      storageDir: storagePath,
      hasPassword: task.isPasswordProtected,
      nameTaken: async (name) => Boolean(await BackupTask.query().where('name', name).whereNot('id', task.id).first()),
    })
    if (!input) {
      flashFormErrors(session, errors)
      return response.redirect().back()
    }
    apply(task, input)
    await task.save()
    await applyTaskSchedule(task)
    await audit(ctx, { action: 'update', entity: 'backup_task', entityId: task.id, details: { name: task.name } })
    session.flash('success', t('backups.task_saved', { name: task.name }))
    return response.redirect('/admin/backup')
  }

  async destroy(ctx: HttpContext) {
    const { bouncer, response, session, params, t } = ctx
    await bouncer.authorize(manageBackups)
    const task = await BackupTask.findOrFail(params.id)
    await task.delete()
    await removeTaskSchedule(task.id)
    await audit(ctx, { action: 'delete', entity: 'backup_task', entityId: task.id, details: { name: task.name } })
    session.flash('success', t('backups.task_deleted', { name: task.name }))
    return response.redirect('/admin/backup')
  }
}
