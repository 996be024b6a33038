/*
| Export of one titolare's patients and everything recorded about them: every table with a
| foreign key to patients (the core's clinical record and the modules' tables alike), one
| JSON-lines entry per table, in the same verified archive format as the backups. Each
| exported patient gets an audit entry.
*/
import { mkdir, open, rename, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#models/user'
import { recordAudit } from '#services/audit_log'
import { workFileName } from './abandoned_files.js'
import { ArchiveWriter, openArchive, verifyEntries } from './archive.js'
import { listStoredFiles, readStoredFile } from './attachments_folder.js'
import { BackupError } from './backup_error.js'
import { ATTACHMENTS_PREFIX } from './create_backup.js'
import { appVersion, type Manifest } from './manifest.js'
import { TableDigest, type TableSummary } from './table_digest.js'

const CHUNK = 500

export interface DoctorExportOptions {
  doctor: User
  file: string
  password?: string | null
  includeAttachments?: boolean
  storageDir: string
  /** Who asked (audit); null from the command line. */
  actor: User | null
  ip?: string | null
}

/** Tables that belong to a patient, with the column that says whose: `patient_id` when there is one. */
export async function patientTables(): Promise<Array<{ table: string; column: string }>> {
  const dialect = db.connection().dialect.name
  const links: Array<{ table: string; column: string }> = []
  if (dialect === 'mysql') {
    const [rows] = (await db.rawQuery(
      `select table_name as t, column_name as c from information_schema.key_column_usage
       where table_schema = database() and referenced_table_name = 'patients' and referenced_column_name = 'id'`
    )) as any
    for (const r of rows) links.push({ table: r.t ?? r.TABLE_NAME, column: r.c ?? r.COLUMN_NAME })
  } else {
    const tables = await db.rawQuery(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
    for (const { name } of tables as any[]) {
      const fks = await db.rawQuery(`pragma foreign_key_list("${String(name).replaceAll('"', '""')}")`)
      for (const fk of fks as any[]) if (fk.table === 'patients' && fk.to === 'id') links.push({ table: name, column: fk.from })
    }
  }
  const byTable = new Map<string, string>()
  for (const link of links.sort((a, b) => a.table.localeCompare(b.table))) {
    // patient_contacts also points at a related patient: ownership is patient_id.
    if (!byTable.has(link.table) || link.column === 'patient_id') byTable.set(link.table, link.column)
  }
  return [...byTable.entries()].map(([table, column]) => ({ table, column }))
}

function jsonLines(rows: Array<Record<string, unknown>>, digest: TableDigest): Buffer {
  let out = ''
  for (const row of rows) {
    digest.add(Object.values(row))
    out += `${JSON.stringify(row)}\n`
  }
  return Buffer.from(out)
}

async function* tableRows(table: string, column: string, ids: number[], digest: TableDigest): AsyncGenerator<Buffer> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.from(table).whereIn(column, ids.slice(i, i + CHUNK)).orderBy('id')
    yield jsonLines(rows, digest)
  }
}

const stream = (chunks: AsyncGenerator<Buffer> | Buffer[]) =>
  ReadableStream.from(chunks) as ReadableStream<Uint8Array>

export async function exportDoctorPatients(options: DoctorExportOptions) {
  const { doctor } = options
  const ids = (await db.from('patients').where('doctor_id', doctor.id).orderBy('id').select('id')).map((r) => Number(r.id))
  await mkdir(dirname(options.file), { recursive: true })
  const partial = join(dirname(options.file), workFileName(`.${basename(options.file)}.partial-`))
  const archive = ArchiveWriter.create(partial, { password: options.password })
  try {
    const tables: TableSummary[] = []
    const { password: _secret, ...doctorRow } = (await db.from('users').where('id', doctor.id).first()) ?? {}
    await archive.add('doctor.json', stream([Buffer.from(JSON.stringify(doctorRow, null, 2))]))

    const patients = new TableDigest('patients')
    await archive.add('patients.jsonl', stream(tableRows('patients', 'id', ids, patients)))
    tables.push(patients.summary())
    const storageKeys: string[] = []
    for (const { table, column } of await patientTables()) {
      const digest = new TableDigest(table)
      await archive.add(`${table}.jsonl`, stream(tableRows(table, column, ids, digest)))
      tables.push(digest.summary())
      if (table === 'attachments' && options.includeAttachments) {
        for (let i = 0; i < ids.length; i += CHUNK) {
          const rows = await db.from('attachments').whereIn('patient_id', ids.slice(i, i + CHUNK)).select('storage_key')
          storageKeys.push(...rows.map((r) => String(r.storage_key)))
        }
      }
    }

    let attachments = { files: 0, bytes: 0 }
    if (options.includeAttachments && storageKeys.length) {
      const wanted = new Set(storageKeys)
      // The storage service names files by key (possibly in sub-folders, with an extension).
      const files = (await listStoredFiles(options.storageDir)).filter((f) => {
        const name = basename(f.path)
        return wanted.has(f.path) || wanted.has(name) || wanted.has(name.replace(/\.[^.]*$/, ''))
      })
      for (const file of files) {
        await archive.add(`${ATTACHMENTS_PREFIX}${file.path}`, readStoredFile(file))
        attachments = { files: attachments.files + 1, bytes: attachments.bytes + file.bytes }
      }
    }

    const manifest: Manifest = {
      format: 'studio-mg-backup',
      formatVersion: 1,
      kind: 'doctor_export',
      appVersion: appVersion(),
      createdAt: DateTime.utc().toISO()!,
      dialect: null,
      databaseEntry: null,
      migrations: null,
      tables,
      includesAttachments: Boolean(options.includeAttachments),
      attachments,
      entries: archive.entries,
      taskName: null,
      encrypted: archive.encrypted,
      doctor: { id: doctor.id, username: doctor.username, name: doctor.fullName, patients: ids.length },
    }
    await archive.addManifest(manifest)
    await archive.close()
    const reopened = await openArchive(partial, options.password)
    try {
      await verifyEntries(reopened)
    } finally {
      await reopened.close()
    }
    const handle = await open(partial, 'r+')
    await handle.sync()
    await handle.close()
    await rename(partial, options.file)

    for (const id of ids) {
      await recordAudit(
        { user: options.actor, ip: options.ip ?? null },
        { action: 'export', entity: 'patient', entityId: id, patientId: id, details: { doctorId: doctor.id, file: basename(options.file) } }
      )
    }
    return { file: options.file, bytes: (await stat(options.file)).size, manifest }
  } catch (error) {
    await archive.discard()
    throw error
  }
}

/** A titolare by username (the command line names doctors that way). */
export async function findTitolare(username: string) {
  const doctor = await User.query().where('username', username).where('role', 'titolare').first()
  if (!doctor) throw new BackupError('doctor_not_found', { username })
  return doctor
}
