/*
| A ZIP archive of one file, as the DPCM upload wants the RicetteMIR file (Sistema TS DPCM
| specification: the XML goes zipped). Written with sizes and CRC in the local header, no data
| descriptor, so the reader below (the simulator's) and any other can take it.
*/
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
const DEFLATE = 8
const STORED = 0

/** MS-DOS date and time of `date` (local time, as ZIP tools expect). */
function dosDateTime(date: Date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2)
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate()
  return { time, day }
}

export function zipSingle(name: string, content: Buffer, date = new Date()): Buffer {
  const fileName = Buffer.from(name, 'utf8')
  const data = deflateRawSync(content)
  const crc = crc32(content)
  const { time, day } = dosDateTime(date)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(LOCAL, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(0x0800, 6) // UTF-8 name
  local.writeUInt16LE(DEFLATE, 8)
  local.writeUInt16LE(time, 10)
  local.writeUInt16LE(day, 12)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(content.length, 22)
  local.writeUInt16LE(fileName.length, 26)
  local.writeUInt16LE(0, 28)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(CENTRAL, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(0x0800, 8)
  central.writeUInt16LE(DEFLATE, 10)
  central.writeUInt16LE(time, 12)
  central.writeUInt16LE(day, 14)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(content.length, 24)
  central.writeUInt16LE(fileName.length, 28)
  central.writeUInt32LE(0, 42) // offset of the local header
  const directoryOffset = local.length + fileName.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(END, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + fileName.length, 12)
  end.writeUInt32LE(directoryOffset, 16)
  return Buffer.concat([local, fileName, data, central, fileName, end])
}

export class ZipError extends Error {}

/** The first file of an archive: its name and content, the CRC checked. */
export function unzipFirst(archive: Buffer): { name: string; content: Buffer } {
  if (archive.length < 30 || archive.readUInt32LE(0) !== LOCAL) throw new ZipError('non è un archivio ZIP')
  const flags = archive.readUInt16LE(6)
  const method = archive.readUInt16LE(8)
  const crc = archive.readUInt32LE(14)
  const size = archive.readUInt32LE(18)
  const nameLength = archive.readUInt16LE(26)
  const extraLength = archive.readUInt16LE(28)
  if (flags & 0x08) throw new ZipError('archivio con descrittore dei dati non supportato')
  const start = 30 + nameLength + extraLength
  if (start + size > archive.length) throw new ZipError('archivio troncato')
  const name = archive.subarray(30, 30 + nameLength).toString('utf8')
  const data = archive.subarray(start, start + size)
  let content: Buffer
  if (method === DEFLATE) content = inflateRawSync(data)
  else if (method === STORED) content = Buffer.from(data)
  else throw new ZipError(`metodo di compressione ${method} non supportato`)
  if (crc32(content) !== crc) throw new ZipError('CRC del file non corrispondente')
  return { name, content }
}
