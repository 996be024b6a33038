import User from '#models/user'
import Clinic from '#models/clinic'

/** Doctors with their contacts and the active clinics with their weekly hours. */
export async function listDoctorsAndClinics() {
  const doctors = await User.query()
    .whereIn('role', ['titolare', 'sostituto'])
    .where('is_enabled', true)
    .orderBy('role')
    .orderBy('last_name')
  const clinics = await Clinic.query()
    .where('is_active', true)
    .preload('hours', (q) => q.orderBy('weekday').orderBy('opens_at'))
    .orderBy('name')
  const doctorNames = new Map(doctors.map((d) => [d.id, d.displayName]))
  return {
    doctors,
    clinics: clinics.map((clinic) => ({
      clinic,
      hours: clinic.hours.map((h) => ({
        id: h.id,
        weekday: h.weekdayName,
        opensAt: h.opensAt,
        closesAt: h.closesAt,
        doctor: h.doctorId ? doctorNames.get(h.doctorId) ?? '' : '',
        notes: h.notes,
      })),
    })),
  }
}
