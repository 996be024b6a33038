import vine from '@vinejs/vine'

const margin = () => vine.number().min(0).max(40)

export const clinicValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(120),
  address: vine.string().trim().maxLength(200).optional(),
  cap: vine.string().trim().regex(/^\d{5}$/).optional(),
  phone: vine.string().trim().maxLength(30).optional(),
  email: vine.string().trim().email().maxLength(254).optional(),
  is_active: vine.boolean().optional(),
  print_format: vine.enum(['A4', 'A5']),
  print_orientation: vine.enum(['portrait', 'landscape']),
  print_margin_top_mm: margin(),
  print_margin_right_mm: margin(),
  print_margin_bottom_mm: margin(),
  print_margin_left_mm: margin(),
})
