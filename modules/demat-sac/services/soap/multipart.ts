/*
| SOAP with attachments (multipart/related, type text/xml): the DPCM upload carries the zipped
| file as a MIME part next to the envelope, referenced by its Content-ID.
*/
import { randomBytes } from 'node:crypto'

export interface MimePart {
  headers: Record<string, string>
  body: Buffer
}

export interface Attachment {
  contentId: string
  contentType: string
  data: Buffer
}

const ROOT_ID = 'soap-envelope@studio-mg'

export function buildSoapWithAttachment(envelopeXml: string, attachment: Attachment): { contentType: string; body: Buffer } {
  const boundary = `----=_Part_${randomBytes(12).toString('hex')}`
  const part = (headers: string[], body: Buffer) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`, 'utf8'), body, Buffer.from('\r\n', 'utf8')])
  const body = Buffer.concat([
    part(['Content-Type: text/xml; charset=UTF-8', 'Content-Transfer-Encoding: 8bit', `Content-ID: <${ROOT_ID}>`], Buffer.from(envelopeXml, 'utf8')),
    part([`Content-Type: ${attachment.contentType}`, 'Content-Transfer-Encoding: binary', `Content-ID: <${attachment.contentId}>`], attachment.data),
    Buffer.from(`--${boundary}--\r\n`, 'utf8'),
  ])
  return { contentType: `multipart/related; type="text/xml"; start="<${ROOT_ID}>"; boundary="${boundary}"`, body }
}

/** A parameter of a header value: `boundary="x"` → `x`. */
export function headerParam(value: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value)
  return match ? (match[1] ?? match[2] ?? null) : null
}

export class MultipartError extends Error {}

/** The parts of a multipart body, headers lower-cased; the first is the root unless `start` says otherwise. */
export function parseMultipart(body: Buffer, contentType: string): MimePart[] {
  const boundary = headerParam(contentType, 'boundary')
  if (!boundary) throw new MultipartError('multipart senza boundary')
  const delimiter = Buffer.from(`--${boundary}`, 'utf8')
  const parts: MimePart[] = []
  let position = body.indexOf(delimiter)
  while (position !== -1) {
    let start = position + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2
    const next = body.indexOf(delimiter, start)
    if (next === -1) throw new MultipartError('multipart senza chiusura')
    // The CRLF before the next delimiter belongs to it.
    let end = next
    if (body.subarray(end - 2, end).toString() === '\r\n') end -= 2
    const chunk = body.subarray(start, end)
    const split = chunk.indexOf('\r\n\r\n')
    if (split === -1) throw new MultipartError('parte senza intestazioni')
    const headers: Record<string, string> = {}
    for (const line of chunk.subarray(0, split).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':')
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    parts.push({ headers, body: chunk.subarray(split + 4) })
    position = next
  }
  const start = headerParam(contentType, 'start')
  if (start) {
    const index = parts.findIndex((p) => p.headers['content-id'] === start)
    if (index > 0) parts.unshift(...parts.splice(index, 1))
  }
  return parts
}
