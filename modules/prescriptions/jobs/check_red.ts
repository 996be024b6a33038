import { checkRedVerdicts } from '../services/red/check_red.js'

export default async function checkRed() {
  return checkRedVerdicts()
}
