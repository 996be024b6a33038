/*
| Batch of selected promemoria as one zip (one PDF each), for printing at the desk or handing
| over; the ones waiting for print count as printed.
| Each PDF goes into the zip as soon as it is rendered and is then let go: only the compressed
| zip grows with the batch. The next PDF renders while one is zipped; the zip keeps the order
| of the ids.
*/
import { ZipWriter, Uint8ArrayReader } from '@zip.js/zip.js'
import pdfConfig from '#config/pdf'
import type User from '#models/user'
import Prescription from '../models/prescription.js'
import { deliver, promemoriaPdf } from './deliver_prescription.js'

export async function promemoriaZip(ids: number[], user: User) {
  const prescriptions = (await Prescription.query().whereIn('id', ids).whereNotNull('nre').orderBy('id')).filter((p) =>
    ['ACCEPTED', 'DELIVERED', 'DISPENSING', 'DISPENSED'].includes(p.state)
  )
  if (!prescriptions.length) return null
  const chunks: Uint8Array[] = []
  // Deflated in this thread by zip.js's own codec: worker threads and native compression streams left
  // more memory behind them, per PDF, than the little time they save on PDFs that barely compress.
  const writer = new ZipWriter(new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) }), { useWebWorkers: false, useCompressionStream: false })
  // One page of the PDF service stays free for the single promemoria printed meanwhile at other desks.
  const ahead = Math.max(1, pdfConfig.poolSize - 1)
  const rendering = new Map<number, Promise<Buffer>>()
  const start = (index: number) => {
    if (index >= prescriptions.length) return
    const pdf = promemoriaPdf(prescriptions[index].id)
    // Awaited in order below; a failure ahead of that point must not go unhandled meanwhile.
    pdf.catch(() => {})
    rendering.set(index, pdf)
  }
  try {
    for (let index = 0; index < ahead; index++) start(index)
    for (const [index, p] of prescriptions.entries()) {
      const pdf = await rendering.get(index)!
      rendering.delete(index)
      start(index + ahead)
      await writer.add(`promemoria-${p.nre}.pdf`, new Uint8ArrayReader(pdf))
      if (p.awaitingPrint) await deliver(p, 'print', user)
    }
    await writer.close()
  } finally {
    // On a failure, let the renders already started finish before the caller moves on.
    await Promise.allSettled(rendering.values())
  }
  return { content: Buffer.concat(chunks), ids: prescriptions.map((p) => p.id) }
}
