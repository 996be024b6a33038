/*
| How a chart section answers: the fragment for htmx, the page otherwise; after a write the
| refreshed fragment (htmx) or a redirect with a flash message (plain form).
*/
import type { HttpContext } from '@adonisjs/core/http'
import type Patient from '#models/patient'
import { wantsFragment } from '#services/chart/chart_access'
import { chartHeader } from '#services/chart/chart_header'
import type { ChartSection } from '#services/chart/sections/section'
import { sectionView, type SectionViewOptions } from '#services/chart/section_view'

export async function renderSection(ctx: HttpContext, section: ChartSection, patient: Patient, status: number, options: SectionViewOptions = {}) {
  const data = await sectionView(section, patient, options)
  const html = wantsFragment(ctx)
    ? await ctx.view.render(`partials/chart/sections/${section.slug}`, { ...data, fragment: true })
    : await ctx.view.render('pages/chart/section', { ...data, header: await chartHeader(patient) })
  // Set after rendering: a rendering error must still answer 500, not the status chosen here.
  return ctx.response.status(status).send(html)
}

export async function afterWrite(ctx: HttpContext, section: ChartSection, patient: Patient, message: string) {
  if (wantsFragment(ctx)) return renderSection(ctx, section, patient, 200)
  ctx.session.flash('success', ctx.t(message))
  return ctx.response.redirect(`/pazienti/${patient.id}/${section.slug}`)
}

/** A row's quick action (resolve, stop) was refused: the message next to that row. */
export async function refuseRowAction(ctx: HttpContext, section: ChartSection, patient: Patient, entryId: number, message: string) {
  if (wantsFragment(ctx)) return renderSection(ctx, section, patient, 422, { rowError: { entryId, message } })
  ctx.session.flash('error', message)
  return ctx.response.redirect(`/pazienti/${patient.id}/${section.slug}`)
}
