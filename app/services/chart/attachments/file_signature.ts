/*
| Does a file's content match its extension? The name is chosen by whoever uploads it, so a
| ".pdf" that is really an executable must be refused: binary types are recognised by their
| first bytes, text types must be text (no NUL bytes; XML starts with "<").
*/
const SIGNATURES: Record<string, number[][]> = {
  pdf: [[0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  p7m: [[0x30], [0x4d, 0x49, 0x4d, 0x45]], // DER SEQUENCE, or a MIME (base64) envelope
}

/** The type stored and sent back is decided by the server, never taken from the browser. */
export const MIME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
  xml: 'application/xml',
  dcm: 'application/dicom',
  p7m: 'application/pkcs7-mime',
}

/** Bytes to read from the start of a file to recognise it (DICOM has its marker at 128). */
export const SIGNATURE_BYTES = 512

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

export function contentMatchesExtension(extension: string, head: Buffer): boolean {
  const ext = extension.toLowerCase()
  if (ext === 'dcm') return head.length >= 132 && head.subarray(128, 132).toString('latin1') === 'DICM'
  if (ext === 'txt') return !head.includes(0)
  if (ext === 'xml') {
    const body = head.subarray(0, 3).equals(UTF8_BOM) ? head.subarray(3) : head
    return !head.includes(0) && body.toString('utf8').trimStart().startsWith('<')
  }
  const signatures = SIGNATURES[ext]
  if (!signatures) return false
  return signatures.some((signature) => signature.every((byte, i) => head[i] === byte))
}
