// A throwaway certificate authority and a localhost server certificate, made with the openssl
// command at test time, so HTTPS tests exercise real TLS verification with a custom CA
// (NODE_EXTRA_CA_CERTS) instead of turning verification off.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TestCertificates {
  /** Path of the CA certificate (what NODE_EXTRA_CA_CERTS points at). */
  caPath: string;
  key: string;
  cert: string;
}

export function makeTestCertificates(dir: string): TestCertificates {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Berth Test CA",
    "-keyout",
    path("ca.key"),
    "-out",
    path("ca.pem"),
  );
  writeFileSync(path("leaf.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    path("leaf.key"),
    "-out",
    path("leaf.csr"),
  );
  openssl(
    "x509",
    "-req",
    "-in",
    path("leaf.csr"),
    "-CA",
    path("ca.pem"),
    "-CAkey",
    path("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    path("leaf.ext"),
    "-out",
    path("leaf.pem"),
  );
  return {
    caPath: path("ca.pem"),
    key: readFileSync(path("leaf.key"), "utf8"),
    cert: readFileSync(path("leaf.pem"), "utf8"),
  };
}
