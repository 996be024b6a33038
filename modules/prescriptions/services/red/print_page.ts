/*
| What the "Stampa su ricetta rossa" page shows: the prescription, whether this user may print
| it, the printers with their active pad and next sheet, and once printed the sheet and the
| state of its transmission.
*/
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import Prescription from '../../models/prescription.js'
import { prescriptionPanel } from '../../queries/prescription_panel.js'
import { permission } from '../prescriber.js'
import { notPrintable } from './print_red.js'
import { activePads } from './red_pads.js'
import { OUTCOME_LABELS, STATUS_LABELS, type RedOutcome } from './red_summary.js'
import type { TransmissionStatus } from './send_red.js'

export async function printPage(user: User, prescriptionId: number) {
  const prescription = await Prescription.find(prescriptionId)
  const panel = prescription ? await prescriptionPanel(prescription.id) : null
  if (!prescription || !panel) return null
  const may = await permission(user, 'validate', prescription.prescriberId)
  const transmission = await db.from('red_transmissions').where('prescription_id', prescription.id).first()
  return {
    panel,
    redCode: prescription.redCode ? `${prescription.redCode.slice(0, 5)} ${prescription.redCode.slice(5)}` : null,
    mayPrint: may.allowed,
    forbiddenReason: may.allowed ? null : may.reason,
    notPrintableReason: notPrintable(prescription),
    pads: await activePads(),
    transmission: transmission
      ? {
          id: transmission.id,
          status: transmission.status as TransmissionStatus,
          statusLabel: STATUS_LABELS[transmission.status as TransmissionStatus] ?? transmission.status,
          outcomeLabel: transmission.outcome ? (OUTCOME_LABELS[transmission.outcome as RedOutcome] ?? transmission.outcome) : null,
          protocol: transmission.protocol,
          reason: transmission.reason,
        }
      : null,
  }
}

export type PrintPage = NonNullable<Awaited<ReturnType<typeof printPage>>>
