/**
 * A Content-Disposition header that keeps non-ASCII names (RFC 6266 / 5987): an ASCII
 * fallback for old clients and the UTF-8 name for the others.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment') {
  const fallback = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
