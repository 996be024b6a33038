import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MedicoController = () => import('./controllers/medico_controller.js')

router
  .group(() => {
    router.get('/', [MedicoController, 'index']).as('index')
    router.post('/ambulatori/:id/orari', [MedicoController, 'addHour']).as('hours.store')
    router.delete('/ambulatori/:id/orari/:hourId', [MedicoController, 'removeHour']).as('hours.destroy')
  })
  .prefix('/medico')
  .as('medico')
  .use([middleware.auth(), middleware.staff()])
