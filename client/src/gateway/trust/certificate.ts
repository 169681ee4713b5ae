// Facts about a root certificate that a user checks before trusting it. Pure (node:crypto only).
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** SHA-256 over the DER, upper-case hex pairs joined by `:` (as browsers show it). */
  sha256Fingerprint: string;
  /** SHA-1 thumbprint without separators (macOS `security -Z`, Windows `certutil -delstore`). */
  sha1Thumbprint: string;
  serialNumber: string;
  validFrom: Date;
  validTo: Date;
}

export function describeCertificate(pem: string): CertificateInfo {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (error) {
    throw new Error(`The local CA root is not a valid PEM certificate (${(error as Error).message}).`, { cause: error });
  }
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    sha256Fingerprint: cert.fingerprint256,
    sha1Thumbprint: cert.fingerprint.replace(/:/g, ''),
    serialNumber: cert.serialNumber,
    validFrom: new Date(cert.validFrom),
    validTo: new Date(cert.validTo),
  };
}

/** The certificate's DER as one base64 string: compares PEMs regardless of line breaks. */
export function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/** Whether `bundle` (a PEM bundle such as /etc/ssl/certs/ca-certificates.crt) contains `pem`. */
export function bundleContains(bundle: string, pem: string): boolean {
  const wanted = pemBody(pem);
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.some((block) => pemBody(block) === wanted);
}

function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}
