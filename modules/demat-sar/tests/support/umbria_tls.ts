/*
| Self-signed certificates for the mutual TLS tests: one for the simulator (valid for
| 127.0.0.1), one the simulator trusts for its clients, one it does not know.
*/
import { newKeyPair, privateKeyPem, selfSignedCertificate } from '#services/demat/simulator_certificates'

export interface TlsIdentity {
  cert: string
  key: string
}

export function tlsIdentity(commonName: string): TlsIdentity {
  const keys = newKeyPair()
  // localhost and 127.0.0.1 as alternative names: the client checks the host it connects to.
  const cert = selfSignedCertificate([['CN', commonName]], keys, { days: 1, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] })
  return { cert, key: privateKeyPem(keys.privateKey) }
}
