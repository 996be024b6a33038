import type { HttpContext } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import User from '#models/user'
import { storagePath } from '#config/studio'
import { exportDoctorPatients } from '../services/doctor_export.js'
import { flashFormErrors } from './flash_errors.js'
import { PASSWORD_MIN_LENGTH } from '../validators/task_input.js'
import { manageBackups } from '../abilities.js'

/** "Salvataggio pazienti di un medico": the archive is made on the server and downloaded. */
export default class DoctorExportController {
  async store(ctx: HttpContext) {
    const { bouncer, request, response, session, auth, t } = ctx
    await bouncer.authorize(manageBackups)
    const doctor = await User.query().where('id', Number(request.input('doctor_id')) || 0).where('role', 'titolare').first()
    const password = String(request.input('export_password') ?? '')
    const errors: Record<string, string> = {}
    if (!doctor) errors.doctor_id = t('backups.form.errors.doctor_required')
    if (password && password.length < PASSWORD_MIN_LENGTH) {
      errors.export_password = t('backups.form.errors.password_short', { min: PASSWORD_MIN_LENGTH })
    } else if (password !== String(request.input('export_password_confirmation') ?? '')) {
      errors.export_password_confirmation = t('backups.form.errors.password_mismatch')
    }
    if (Object.keys(errors).length) {
      flashFormErrors(session, errors)
      return response.redirect('/admin/backup#esporta-medico')
    }
    const name = `studio-mg-pazienti-${doctor!.username}-${DateTime.now().toFormat('yyyyMMdd-HHmm')}.zip`
    const file = join(app.makePath('tmp', 'backups', 'exports'), `${auth.user!.id}-${name}`)
    await exportDoctorPatients({
      doctor: doctor!,
      file,
      password: password || null,
      includeAttachments: ['1', 'on'].includes(String(request.input('export_attachments'))),
      storageDir: storagePath,
      actor: auth.user!,
      ip: request.ip(),
    })
    // The copy on the server is only the way to the browser.
    response.response.once('close', () => void rm(file, { force: true }))
    return response.attachment(file, name)
  }
}
