import type { HttpContext } from '@adonisjs/core/http'
import { searchDrugs, equivalentDrugs } from '#services/refdata/search_drugs'
import { searchCatalogue } from '#services/refdata/search_catalogue'
import { studioRegion } from '#config/modules'

/** Search-as-you-type of the prescription form: drugs from the list, services from the catalogue. */
export default class PickersController {
  async drugs({ request, view }: HttpContext) {
    const typed = String(request.input('q', '')).trim()
    const same = String(request.input('stesso', '')).trim()
    const options = same ? await equivalentDrugs(same) : typed.length >= 2 ? await searchDrugs(typed, { limit: 20 }) : []
    return view.render('prescriptions::partials/drug_options', { options, typed, row: request.input('riga', '0') })
  }

  async services({ request, view }: HttpContext) {
    const typed = String(request.input('q', '')).trim()
    const options = typed.length >= 2 ? await searchCatalogue(typed, { region: studioRegion(), limit: 20 }) : []
    return view.render('prescriptions::partials/service_options', { options, typed, row: request.input('riga', '0') })
  }
}
