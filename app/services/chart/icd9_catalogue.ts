import db from '@adonisjs/lucid/services/db'

/**
 * The ICD9-CM catalogue entry for a code; 'unknown' when the catalogue is loaded and does not
 * have it; null when no catalogue was imported yet (then any well-formed code is accepted).
 */
export async function findIcd9(code: string): Promise<{ code: string; description: string } | 'unknown' | null> {
  const row = await db.from('icd9cm_diagnoses').where('code', code).select('code', 'description').first()
  if (row) return row
  const any = await db.from('icd9cm_diagnoses').select('code').first()
  return any ? 'unknown' : null
}

/** Catalogue descriptions are upper case; the record reads better in sentence case. */
export function sentenceCase(text: string) {
  const lower = text.toLocaleLowerCase('it-IT')
  return lower.charAt(0).toLocaleUpperCase('it-IT') + lower.slice(1)
}
