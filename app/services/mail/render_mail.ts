/*
| Renders a mail from its Edge template (resources/views/emails/) into HTML for the mail
| and a plain-text alternative derived from it, so both parts always say the same thing.
*/
import edge from 'edge.js'
import Studio from '#models/studio'

export interface RenderedMail {
  html: string
  text: string
}

export async function renderMail(template: string, data: Record<string, unknown>): Promise<RenderedMail> {
  const studio = await Studio.first()
  const html = await edge.render(`emails/${template}`, {
    studio: { name: studio?.name ?? 'Studio MG', address: studio?.address ?? '', phone: studio?.phone ?? '', email: studio?.email ?? '' },
    ...data,
  })
  return { html, text: htmlToText(html) }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ', apos: "'" }

function numericEntity(name: string): string | undefined {
  if (!name.startsWith('#')) return undefined
  const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
  return Number.isFinite(code) ? String.fromCodePoint(code) : undefined
}

/** Our templates are simple (headings, paragraphs, lists, links): a few rules are enough. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|head|title)[^>]*>[\s\S]*?<\/\1>/gi, '')
    // Line breaks of the source are only spacing: the tags decide where lines end.
    .replace(/\s+/g, ' ')
    .replace(/<a [^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href, label) => (label.trim() === href ? href : `${label} (${href})`))
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[1-6]|div|tr|table|ul|ol)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (m, name: string) => ENTITIES[name] ?? numericEntity(name) ?? m)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
