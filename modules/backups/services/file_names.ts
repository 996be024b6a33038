/*
| Backup file names by weekday: `studio-mg-lunedi.zip` is overwritten next Monday, so a
| destination holds at most one week of backups (the weekly rotation users know).
*/
import { DateTime } from 'luxon'

export const STUDIO_TIMEZONE = 'Europe/Rome'

/** ISO weekday (1 = Monday) → Italian name without accents, as it goes in a file name. */
export const WEEKDAY_SLUGS: Record<number, string> = {
  1: 'lunedi',
  2: 'martedi',
  3: 'mercoledi',
  4: 'giovedi',
  5: 'venerdi',
  6: 'sabato',
  7: 'domenica',
}

export interface BackupFileNames {
  archive: string
  attachments: string
  log: string
}

/** File names of a run started at `at` (the studio's local weekday decides). */
export function backupFileNames(at: DateTime = DateTime.now()): BackupFileNames {
  const day = WEEKDAY_SLUGS[at.setZone(STUDIO_TIMEZONE).weekday]
  return {
    archive: `studio-mg-${day}.zip`,
    attachments: `studio-mg-${day}-allegati.zip`,
    log: `studio-mg-${day}.txt`,
  }
}
