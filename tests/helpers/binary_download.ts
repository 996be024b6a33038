/** A GET whose body is kept as bytes (the api-client would parse text or JSON). */
export function binaryGet(client: any, url: string, user: any) {
  const request = client.get(url).loginAs(user)
  request.request.buffer(true).parse((res: any, done: any) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => done(null, Buffer.concat(chunks)))
  })
  return request
}
