import type { HttpContext } from '@adonisjs/core/http'
import { searchComuni } from '#services/refdata/search_comuni'
import { searchIcd9 } from '#services/refdata/search_icd9'

/**
 * Pickers for forms, as <option> lists for a <datalist> (htmx swaps them in). The typed text
 * comes as `q`, or under the name of the field that asked (hx-include of that input).
 */
export default class ReferencePickersController {
  /** GET /riferimenti/comuni?q=rom[&current=1]: option value = codice catastale. */
  async comuni({ request, view }: HttpContext) {
    const field = String(request.input('field', 'q'))
    const typed = String(request.input(field) ?? request.input('q') ?? '').slice(0, 80)
    const places = await searchComuni(typed, { currentOnly: request.input('current') === '1' })
    return view.render('partials/patients/comune_options', { places })
  }

  /** GET /riferimenti/icd9?q=401 or ?q=diabete tipo: options with data-code and data-description. */
  async icd9({ request, view }: HttpContext) {
    const typed = String(request.input('q') ?? request.input('icd9_code') ?? request.input('description') ?? '').slice(0, 80)
    const diagnoses = await searchIcd9(typed)
    return view.render('partials/patients/icd9_options', { diagnoses })
  }
}
