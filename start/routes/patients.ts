/*
| Patient registry (anagrafica) and the reference pickers its forms (and the chart's) use.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const PatientsController = () => import('#controllers/patients_controller')
const PatientContactsController = () => import('#controllers/patient_contacts_controller')
const ReferencePickersController = () => import('#controllers/reference_pickers_controller')

router
  .group(() => {
    router.get('/pazienti', [PatientsController, 'index']).as('patients.index')
    router.get('/pazienti/nuovo', [PatientsController, 'create']).as('patients.create')
    router.post('/pazienti', [PatientsController, 'store']).as('patients.store')
    router.get('/pazienti/:id/anagrafica', [PatientsController, 'edit']).as('patients.edit').where('id', router.matchers.number())
    router.put('/pazienti/:id', [PatientsController, 'update']).as('patients.update').where('id', router.matchers.number())
    router
      .post('/pazienti/:id/contatti', [PatientContactsController, 'store'])
      .as('patients.contacts.store')
      .where('id', router.matchers.number())
    router
      .delete('/pazienti/:id/contatti/:contactId', [PatientContactsController, 'destroy'])
      .as('patients.contacts.destroy')
      .where('id', router.matchers.number())
      .where('contactId', router.matchers.number())
    router.get('/riferimenti/comuni', [ReferencePickersController, 'comuni']).as('refdata.comuni')
    router.get('/riferimenti/icd9', [ReferencePickersController, 'icd9']).as('refdata.icd9')
  })
  .use([middleware.auth(), middleware.staff()])
