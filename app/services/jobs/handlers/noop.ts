export default async function noop() {
  return null
}
