// `sandbox`: OS-level isolation for shell commands. Paths follow the permission-rule anchors
// (`//abs`, `~/`, `/relative-to-settings-file`, `./relative`).
import { z } from "zod";
import { lazy } from "./lazy.js";

const paths = (what: string) => z.array(z.string()).describe(what).optional();

const network = lazy(() =>
  z
    .looseObject({
      allowedDomains: paths("Domains sandboxed commands may reach (`*.example.com` wildcards)."),
      deniedDomains: paths("Domains always blocked, even when an allowed wildcard matches."),
      allowUnixSockets: paths("Unix socket paths sandboxed commands may use."),
      allowAllUnixSockets: z.boolean().describe("Allow every Unix socket.").optional(),
      allowLocalBinding: z.boolean().describe("Allow binding to local addresses.").optional(),
      httpProxyPort: z
        .number()
        .int()
        .min(1)
        .max(65535)
        .describe("Use this HTTP proxy port for filtering.")
        .optional(),
      socksProxyPort: z
        .number()
        .int()
        .min(1)
        .max(65535)
        .describe("Use this SOCKS proxy port for filtering.")
        .optional(),
      allowManagedDomainsOnly: z
        .boolean()
        .describe("(Managed only) Only managed allowedDomains and WebFetch domain rules are respected.")
        .optional(),
      allowMachLookup: paths("macOS: extra XPC/Mach service names."),
    })
    .describe("Network isolation."),
);

const filesystem = lazy(() =>
  z
    .looseObject({
      allowWrite: paths("Paths sandboxed commands may write."),
      denyWrite: paths("Paths sandboxed commands may never write (beats allowWrite)."),
      denyRead: paths("Paths sandboxed commands may not read."),
      allowRead: paths("Paths re-allowed for reading inside denyRead regions."),
      allowManagedReadPathsOnly: z
        .boolean()
        .describe("(Managed only) Only managed allowRead entries are used.")
        .optional(),
    })
    .describe("Filesystem isolation."),
);

export const sandboxSchema = lazy(() =>
  z
    .looseObject({
      enabled: z.boolean().describe("Run shell commands in the sandbox.").optional(),
      failIfUnavailable: z
        .boolean()
        .describe("Refuse to start when the sandbox cannot be set up.")
        .optional(),
      autoAllowBashIfSandboxed: z.boolean().describe("Run sandboxed commands without asking.").optional(),
      allowUnsandboxedCommands: z
        .boolean()
        .describe("Allow commands to opt out of the sandbox (`dangerouslyDisableSandbox`).")
        .optional(),
      excludedCommands: paths("Commands that never run in the sandbox."),
      enableWeakerNestedSandbox: z
        .boolean()
        .describe("Weaker sandbox for unprivileged containers.")
        .optional(),
      enableWeakerNetworkIsolation: z.boolean().describe("macOS: allow the TLS trust service.").optional(),
      ignoreViolations: z
        .record(z.string(), z.array(z.string()))
        .describe("Command pattern → paths whose violations are ignored.")
        .optional(),
      network: network().optional(),
      filesystem: filesystem().optional(),
      bwrapPath: z.string().min(1).describe("(Managed only) Path to a custom bubblewrap binary.").optional(),
      socatPath: z.string().min(1).describe("(Managed only) Path to a custom socat binary.").optional(),
      enabledPlatforms: z
        .array(z.string())
        .describe("(Managed only) Platforms the sandbox configuration applies to.")
        .optional(),
      allowAppleEvents: z
        .boolean()
        .describe("macOS: allow Apple Events (never from project files).")
        .optional(),
      credentials: z
        .looseObject({
          files: z.array(z.looseObject({ path: z.string(), mode: z.literal("deny") })).optional(),
          envVars: z.array(z.looseObject({ name: z.string(), mode: z.literal("deny") })).optional(),
        })
        .describe("Credential files and variables hidden from sandboxed commands.")
        .optional(),
      ripgrep: z
        .looseObject({ command: z.string().min(1), args: z.array(z.string()).optional() })
        .describe("Custom ripgrep binary.")
        .optional(),
    })
    .describe("Sandboxed shell execution. Merged key by key across files."),
);
