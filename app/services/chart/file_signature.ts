/*
| Does the file's content match its extension? A ".pdf" that is really an executable is
| refused. Text-like types (txt, xml) must not contain NUL bytes.
*/
const SIGNATURES: Record<string, number[][]> = {
  pdf: [[0x25, 0x50, 0x44, 0x46]], // %PDF
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  p7m: [[0x30], [0x4d, 0x49, 0x4d, 0x45]], // DER sequence, or MIME (base64) envelope
}

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

export function contentMatchesExtension(extension: string, head: Buffer): boolean {
  const ext = extension.toLowerCase()
  if (ext === 'dcm') return head.length >= 132 && head.subarray(128, 132).toString('latin1') === 'DICM'
  if (ext === 'txt' || ext === 'xml') return !head.includes(0)
  const signatures = SIGNATURES[ext]
  if (!signatures) return false
  return signatures.some((sig) => sig.every((byte, i) => head[i] === byte))
}
