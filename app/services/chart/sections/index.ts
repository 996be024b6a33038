import type { ChartSection, SectionSlug } from '#services/chart/sections/section'
import { problems } from '#services/chart/sections/problems'
import { therapies } from '#services/chart/sections/therapies'
import { exams } from '#services/chart/sections/exams'
import { measurements } from '#services/chart/sections/measurements'
import { vaccinations } from '#services/chart/sections/vaccinations'
import { exemptions } from '#services/chart/sections/exemptions'
import { diary } from '#services/chart/sections/diary'

export const SECTIONS: Record<SectionSlug, ChartSection> = {
  problemi: problems,
  terapie: therapies,
  accertamenti: exams,
  misurazioni: measurements,
  vaccinazioni: vaccinations,
  esenzioni: exemptions,
  diario: diary,
}

export function sectionFor(slug: SectionSlug): ChartSection {
  return SECTIONS[slug]
}
