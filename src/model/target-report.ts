/** Where your own service was reached, and whether its certificate was checked. */
export interface TargetReport {
  url: string;
  /** Not this machine: the run named it with --target. */
  remote: boolean;
  /** https: the certificate checked against the system's or service.tls.ca's authorities, or not checked at all (service.tls.insecure). */
  tls?: 'verified' | 'insecure';
}
