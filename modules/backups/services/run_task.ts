/*
| One backup run, as the scheduler, "Esegui ora" and `node ace backup:run` start it: the
| archive (and the separate attachments archive when asked), the copy or move to the second
| location, the runs row and the log file with its exit code, the e-mail on failure.
*/
import { copyFile, mkdir, rename, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import User from '#models/user'
import { recordAudit } from '#services/audit_log'
import { translate } from '#services/i18n'
import { storagePath } from '#config/studio'
import BackupRun, { type RunOrigin } from '../models/backup_run.js'
import BackupTask, { type AttachmentsMode, type SecondLocationMode } from '../models/backup_task.js'
import { workFileName } from './abandoned_files.js'
import { BackupError, describeFailure } from './backup_error.js'
import { createBackup } from './create_backup.js'
import { describeTarget, targetFromConfig, type DatabaseTarget } from './database_target.js'
import { backupFileNames } from './file_names.js'
import { sendFailureMail } from './mails.js'
import type { ProgressEvent } from './progress.js'
import { RunLog } from './run_log.js'
import { RunReporter } from './run_reporter.js'
import { openPassword } from './task_password.js'

/** What a run needs to know, from a saved task or from the command line. */
export interface RunSettings {
  taskId: number | null
  name: string
  destination: string
  secondLocation: string | null
  secondLocationMode: SecondLocationMode
  password: string | null
  /** The task is protected but its password cannot be decrypted (APP_KEY changed). */
  passwordUnreadable?: boolean
  attachments: AttachmentsMode
  notifyEmail: string | null
  clinicName: string | null
}

export interface RunRequest {
  settings: RunSettings
  origin: RunOrigin
  /** A row made beforehand ("Esegui ora" shows it queued at once). */
  runId?: number | null
  requestedBy?: number | null
  target?: DatabaseTarget
  storageDir?: string
  signal?: AbortSignal
  onProgress?: (event: ProgressEvent) => void
  /** The moment that names the files (tests pass a weekday). */
  now?: DateTime
}

export function settingsOf(task: BackupTask): RunSettings {
  const password = openPassword(task.passwordEncrypted)
  return {
    taskId: task.id,
    name: task.name,
    destination: task.destination,
    secondLocation: task.secondLocation,
    secondLocationMode: task.secondLocationMode,
    password,
    passwordUnreadable: Boolean(task.passwordEncrypted) && !password,
    attachments: task.attachments,
    notifyEmail: task.notifyEmail,
    clinicName: task.clinicName,
  }
}

/** The run of this task still at work (not stale), if any. */
export async function activeRunOf(taskId: number, except?: number | null) {
  const runs = await BackupRun.query()
    .where('task_id', taskId)
    .whereIn('status', ['queued', 'running'])
    .if(except, (q) => q.whereNot('id', except!))
  return runs.find((r) => !r.isInterrupted) ?? null
}

/** Copies `file` into `folder` under the same name, through a partial file and a rename. */
async function placeCopy(file: string, folder: string) {
  await mkdir(folder, { recursive: true })
  const dest = join(folder, basename(file))
  const partial = join(folder, workFileName(`.${basename(file)}.partial-`))
  try {
    await copyFile(file, partial)
    await rename(partial, dest)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
  return dest
}

async function startRun(request: RunRequest): Promise<BackupRun> {
  const now = DateTime.now()
  const existing = request.runId ? await BackupRun.find(request.runId) : null
  const run =
    existing ??
    new BackupRun().merge({
      taskId: request.settings.taskId,
      taskName: request.settings.name,
      origin: request.origin,
      requestedBy: request.requestedBy ?? null,
      startedAt: now,
      progress: 0,
    })
  run.merge({ status: 'running', phase: null, startedAt: now, heartbeatAt: now })
  await run.save()
  return run
}

export async function runBackup(request: RunRequest): Promise<BackupRun> {
  const { settings } = request
  const target = request.target ?? targetFromConfig()
  const storageDir = request.storageDir ?? storagePath
  const names = backupFileNames(request.now ?? DateTime.now())

  if (settings.taskId && (await activeRunOf(settings.taskId, request.runId))) {
    throw new BackupError('already_running')
  }
  const run = await startRun(request)
  const log = new RunLog(join(settings.destination, names.log))
  const audience = run.requestedBy ? { user: run.requestedBy } : { role: 'admin' as const }
  const reporter = new RunReporter(run, audience, request.onProgress)
  run.logPath = log.file
  reporter.announce()

  let exitCode = 0
  let error: string | null = null
  let finalFile: string | null = null
  let bytes: number | null = null
  try {
    log.write(
      translate('backups.log.started', {
        task: settings.name,
        date: DateTime.now().setZone('Europe/Rome').toFormat('dd/MM/yyyy HH:mm'),
        database: describeTarget(target),
      })
    )
    // Never an unprotected archive for a protected task.
    if (settings.passwordUnreadable) throw new BackupError('password_unreadable')
    const common = {
      password: settings.password,
      workDir: app.makePath('tmp', 'backups'),
      taskName: settings.name,
      signal: request.signal,
      onProgress: reporter.progress,
      log: (line: string) => log.write(line),
    }
    const main = await createBackup({
      ...common,
      kind: 'full',
      target,
      file: join(settings.destination, names.archive),
      attachmentsDir: settings.attachments === 'included' ? storageDir : null,
    })
    const files = [main.file]
    bytes = main.bytes
    if (settings.attachments === 'separate') {
      const attachments = await createBackup({
        ...common,
        kind: 'attachments',
        target: null,
        file: join(settings.destination, names.attachments),
        attachmentsDir: storageDir,
      })
      files.push(attachments.file)
      bytes += attachments.bytes
    }
    finalFile = main.file

    if (settings.secondLocation) {
      for (const file of files) {
        const placed = await placeCopy(file, settings.secondLocation)
        if (settings.secondLocationMode === 'move') await rm(file, { force: true })
        if (file === main.file) finalFile = placed
        log.write(translate(`backups.log.second_${settings.secondLocationMode}`, { path: placed }))
      }
    }
  } catch (failure) {
    exitCode = 1
    error = describeFailure(failure)
    log.write(translate('backups.log.failed', { message: error }))
    if (!(failure instanceof BackupError)) logger.error({ err: failure, task: settings.name }, 'backup failed')
  }

  if (exitCode !== 0 && settings.notifyEmail) {
    try {
      await sendFailureMail({
        to: settings.notifyEmail,
        clinicName: settings.clinicName,
        taskName: settings.name,
        error: error!,
        log: log.text,
      })
      log.write(translate('backups.log.mail_sent', { to: settings.notifyEmail }))
    } catch (mailError) {
      logger.error({ err: mailError }, 'backup failure mail could not be queued')
    }
  }
  log.exit(exitCode)

  await reporter.settle()
  run.merge({
    status: exitCode === 0 ? 'success' : 'failed',
    phase: 'done',
    progress: exitCode === 0 ? 100 : run.progress,
    finishedAt: DateTime.now(),
    heartbeatAt: DateTime.now(),
    filePath: finalFile,
    sizeBytes: bytes,
    exitCode,
    error,
    log: log.text,
  })
  await run.save()
  reporter.announce({ finished: true })

  const user = run.requestedBy ? await User.find(run.requestedBy) : null
  await recordAudit(
    { user },
    {
      action: 'backup',
      entity: 'database',
      entityId: run.id,
      details: { task: settings.name, status: run.status, file: finalFile, origin: run.origin },
    }
  ).catch((auditError) => logger.error({ err: auditError }, 'backup audit entry failed'))
  return run
}

