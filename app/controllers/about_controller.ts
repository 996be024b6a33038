import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'

/** "Informazioni sui dati": versions and attributions of the reference data (CC BY asks for it). */
export default class AboutController {
  async show({ view }: HttpContext) {
    const datasets = await db.from('reference_datasets').orderBy('key')
    return view.render('pages/about', { datasets })
  }
}
