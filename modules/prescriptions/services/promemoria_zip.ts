/*
| Batch of selected promemoria as one zip (one PDF each), for printing at the desk or handing
| over; the ones waiting for print count as printed.
*/
import { BlobWriter, ZipWriter, Uint8ArrayReader } from '@zip.js/zip.js'
import type User from '#models/user'
import Prescription from '../models/prescription.js'
import { deliver, promemoriaPdf } from './deliver_prescription.js'

export async function promemoriaZip(ids: number[], user: User) {
  const prescriptions = (await Prescription.query().whereIn('id', ids).whereNotNull('nre').orderBy('id')).filter((p) =>
    ['ACCEPTED', 'DELIVERED', 'DISPENSING', 'DISPENSED'].includes(p.state)
  )
  if (!prescriptions.length) return null
  const writer = new ZipWriter(new BlobWriter('application/zip'))
  for (const p of prescriptions) {
    await writer.add(`promemoria-${p.nre}.pdf`, new Uint8ArrayReader(new Uint8Array(await promemoriaPdf(p.id))))
    if (p.awaitingPrint) await deliver(p, 'print', user)
  }
  const blob = await writer.close()
  return { content: Buffer.from(await blob.arrayBuffer()), ids: prescriptions.map((p) => p.id) }
}
