import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'

export default class HomeController {
  async show({ view, auth }: HttpContext) {
    const user = auth.getUserOrFail()
    const [{ total }] = await db.from('patients').where('status', 'active').count('* as total')
    const [{ mine }] = user.isDoctor
      ? await db.from('patients').where('doctor_id', user.id).where('status', 'active').count('* as mine')
      : [{ mine: 0 }]
    return view.render('pages/home', { activePatients: Number(total), myPatients: Number(mine) })
  }
}
