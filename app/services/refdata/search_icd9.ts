/*
| The ICD9-CM picker used by the clinical record: by code prefix (with or without the dot)
| or by words of the description, retired codes hidden.
*/
import db from '@adonisjs/lucid/services/db'
import { normalizedText } from '#services/refdata/dataset'
import { wherePrefix } from '#services/refdata/prefix_match'

export interface Icd9Option {
  code: string
  description: string
  isLeaf: boolean
}

const CODE_START = /^[EV]?\d/

export async function searchIcd9(typed: string, limit = 20): Promise<Icd9Option[]> {
  const text = normalizedText(typed)
  if (text.replace(/[ .]/g, '').length < 2 && !CODE_START.test(text)) return []
  const query = db.from('icd9cm_diagnoses').select('code', 'description', 'is_leaf').whereNull('valid_to')
  if (CODE_START.test(text) && !text.includes(' ')) {
    // "401.9" on the code; "4019" on the code without dot, as some programs print it.
    if (text.includes('.')) wherePrefix(query, 'code', text)
    else wherePrefix(query, 'code_nodot', text)
  } else {
    // Every word somewhere in the description ("diabete tipo ii"); LIKE cannot use an index
    // here, but the table is small (16,000 rows) and this is a picker, not a report.
    for (const word of text.split(' ').filter(Boolean)) query.where('search_text', 'like', `%${word}%`)
  }
  const rows = await query.orderBy('code').limit(limit)
  return rows.map((r: any) => ({ code: r.code, description: r.description, isLeaf: Boolean(r.is_leaf) }))
}
