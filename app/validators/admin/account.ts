import vine from '@vinejs/vine'

const optional = (max: number) => vine.string().trim().maxLength(max).optional()

/** The fields an account has whether it is being created or edited. */
const accountFields = () => ({
  first_name: vine.string().trim().minLength(1).maxLength(80),
  last_name: vine.string().trim().minLength(1).maxLength(80),
  email: vine.string().trim().email().maxLength(254).optional(),
  role: vine.enum(['admin', 'titolare', 'sostituto', 'collaboratore'] as const),
  fiscal_code: vine.string().trim().toUpperCase().fixedLength(16).optional(),
  regional_code: optional(20),
  asl_code: vine.string().trim().regex(/^\d{6}$/).optional(),
  unrestricted_rights: vine.boolean().optional(),
})

export const accountValidator = vine.create({
  ...accountFields(),
  username: vine.string().trim().minLength(3).maxLength(60),
  password: vine.string().maxLength(128).optional(),
})

export const accountUpdateValidator = vine.create({
  ...accountFields(),
  associates: vine.array(vine.number()).optional(),
})

export const studioValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(120),
  group_code: optional(20),
  asl_code: vine.string().trim().regex(/^\d{6}$/).optional(),
  address: optional(200),
  phone: optional(30),
  email: vine.string().trim().email().maxLength(254).optional(),
})
