import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { searchKey } from '#services/patients/search_key'

/** Pickers for forms: comuni by name (codice catastale) and ICD9-CM diagnoses. */
export default class ReferencePickersController {
  async comuni({ request, view }: HttpContext) {
    const field = String(request.input('field', 'q'))
    const typed = String(request.input(field) ?? request.input('q') ?? '')
    const key = searchKey(typed)
    let rows: any[] = []
    if (key.length >= 2) {
      rows = await db
        .from('comuni')
        .where('name_search', 'like', `${key}%`)
        .orderByRaw('case when valid_to is null then 0 else 1 end')
        .orderBy('name')
        .limit(20)
      if (rows.length < 20) {
        const states = await db.from('foreign_states').where('name', 'like', `${typed.trim()}%`).limit(20 - rows.length)
        rows = rows.concat(states.map((s: any) => ({ ...s, province_sigla: 'EE' })))
      }
    }
    return view.render('partials/patients/comune_options', { rows })
  }

  async icd9({ request, view }: HttpContext) {
    const typed = String(request.input('q') ?? request.input('icd9_code') ?? request.input('description') ?? '').trim()
    let rows: any[] = []
    if (typed.length >= 2) {
      const code = typed.toUpperCase()
      const q = db.from('icd9cm_diagnoses').whereNull('valid_to').limit(20)
      if (/^[EV]?\d/.test(code)) q.where('code', 'like', `${code}%`).orderBy('code')
      else {
        const words = typed.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().split(/\s+/).filter(Boolean)
        for (const w of words) q.where('search_text', 'like', `%${w}%`)
        q.orderBy('level', 'desc').orderBy('code')
      }
      rows = await q
    }
    return view.render('partials/patients/icd9_options', { rows })
  }
}
