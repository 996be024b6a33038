/*
| The log of one run: kept for the runs table and written, line by line, into a text file
| next to the backup (same name, .txt). Its last line is "Process exit code: N"; a log
| without it belongs to a run that never finished.
*/
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { DateTime } from 'luxon'
import { translate } from '#services/i18n'

const MAX_STORED = 60_000

export class RunLog {
  lines: string[] = []
  #fileOk: boolean

  constructor(readonly file: string | null) {
    this.#fileOk = false
    if (!file) return
    try {
      mkdirSync(dirname(file), { recursive: true })
      // Weekly rotation: last week's log of this weekday is replaced.
      writeFileSync(file, '')
      this.#fileOk = true
    } catch {
      this.lines.push(`[${DateTime.now().toFormat('HH:mm:ss')}] log file not writable: ${file}`)
    }
  }

  write(line: string) {
    const stamped = `[${DateTime.now().setZone('Europe/Rome').toFormat('yyyy-MM-dd HH:mm:ss')}] ${line}`
    this.lines.push(stamped)
    if (!this.#fileOk) return
    try {
      appendFileSync(this.file!, `${stamped}\n`)
    } catch {
      this.#fileOk = false
    }
  }

  exit(code: number) {
    this.write(translate('backups.log.exit_code', { code }))
  }

  get text() {
    const text = this.lines.join('\n')
    return text.length > MAX_STORED ? text.slice(text.length - MAX_STORED) : text
  }
}
