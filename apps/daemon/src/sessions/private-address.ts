// WebFetch must not reach the local network through a public-looking name. The permission
// engine lets IP literals, localhost and internal names through only with a rule naming that
// exact host; a name such as `metadata.attacker.example` that RESOLVES to 169.254.169.254 or
// 127.0.0.1 would slip past it. This lookup runs inside the connection (so the address checked is
// the address connected to: no rebinding window) and refuses private and local addresses for
// names that are not themselves internal.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, type LookupFunction } from "node:net";
import { isInternalHost } from "@berth/permissions";

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net, prefix, "ipv4");
// No ::ffff:0:0/96 here: BlockList matches IPv4 addresses against it, which would cover the whole
// IPv4 space; mapped addresses are unwrapped and checked as IPv4 instead.
for (const [net, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(net, prefix, "ipv6");

export function isPrivateAddress(address: string, family: number): boolean {
  if (family === 6 && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) {
    return PRIVATE.check(address.slice("::ffff:".length), "ipv4");
  }
  return PRIVATE.check(address, family === 6 ? "ipv6" : "ipv4");
}

export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
}

type Resolve = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/** A `net` lookup that fails for a non-internal name resolving to a private or local address. */
export function publicOnlyLookup(resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const host = hostname.toLowerCase().replace(/\.$/, "");
      const wanted = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
      if (!isInternalHost(host)) {
        const local = wanted.find((a) => isPrivateAddress(a.address, a.family));
        if (local) {
          const message = `${hostname} resolves to ${local.address}, a private or local address; WebFetch does not follow public names into the local network (fetch the address or internal name itself, with a rule naming it)`;
          return callback(new PrivateAddressError(message), "", 0);
        }
      }
      const first = wanted[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      // biome-ignore lint/suspicious/noExplicitAny: net's callback is overloaded on options.all.
      if (options.all) return (callback as any)(null, wanted);
      callback(null, first.address, first.family);
    });
  };
}
