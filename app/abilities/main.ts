/*
| Core abilities. Patient-level rules live in app/policies/patient_policy.ts; module
| abilities are added by the modules (named `<module>.<ability>`).
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

export const manageUsers = Bouncer.ability((user: User) => user.isAdmin)
export const manageStudio = Bouncer.ability((user: User) => user.isAdmin || user.role === 'titolare')
export const readAuditLog = Bouncer.ability((user: User) => user.isAdmin || user.role === 'titolare')
