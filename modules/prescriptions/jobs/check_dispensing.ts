import { checkDispensingOfRecent } from '../services/check_dispensing.js'

export default async function checkDispensing() {
  return checkDispensingOfRecent()
}
