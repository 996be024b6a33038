/*
| The core's own live event: `studio:changed` when a patient is added, changed or removed,
| so that the figures of open home pages refresh themselves. The payload says what kind of
| change, never which patient.
*/
import Patient from '#models/patient'
import { notifyStudio } from '#services/live/notify'

type Action = 'created' | 'updated' | 'deleted'

function announce(action: Action) {
  return (patient: Patient) => {
    const send = () => void notifyStudio('studio:changed', { entity: 'patient', action })
    // Inside a transaction, pages must refetch after the commit, not before.
    if (patient.$trx) patient.$trx.after('commit', send)
    else send()
  }
}

export function watchStudioChanges() {
  Patient.after('create', announce('created'))
  Patient.after('update', announce('updated'))
  Patient.after('delete', announce('deleted'))
}
