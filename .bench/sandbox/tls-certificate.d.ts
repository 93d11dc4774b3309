/**
 * A throw-away CA and a server certificate it signs, made at start-up so the sandbox speaks
 * HTTPS like Plesk without shipping a key. Users trust the CA's PEM, exactly as they would trust
 * their own Plesk server's self-signed certificate. Node makes keys but not X.509 certificates;
 * the few DER structures needed are encoded below.
 */
export interface SandboxCertificate {
    /** PEM of the CA to trust. */
    readonly caCert: string;
    /** PEM chain served by the sandbox: the server certificate, then the CA. */
    readonly serverCertChain: string;
    readonly serverKey: string;
}
export declare function createSandboxCertificate(hostNames?: readonly string[]): SandboxCertificate;
