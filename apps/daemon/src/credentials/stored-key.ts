import { execFile } from "node:child_process";
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { daemonSecrets } from "../secrets/daemon-secrets";

const run = promisify(execFile);
const KEYCHAIN_SERVICE = "Berth API key";
const STORED_KEY_NAME = "berth login key";
const FileShape = z.object({ apiKey: z.string().min(1) });

/**
 * The API key saved by `berth login`: in the macOS keychain, elsewhere in a 0600 file in the
 * Berth home. It is the last credential source, after the environment and apiKeyHelper.
 */
export class StoredKey {
  private readonly file: string;

  constructor(
    home: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.file = join(home, "credentials.json");
  }

  get location(): string {
    return this.platform === "darwin" ? `the macOS keychain ("${KEYCHAIN_SERVICE}")` : this.file;
  }

  /** The key, also registered for redaction: whoever reads it may show it somewhere. */
  async read(): Promise<string | undefined> {
    const key = await this.readRaw();
    daemonSecrets.add(STORED_KEY_NAME, key);
    return key;
  }

  private async readRaw(): Promise<string | undefined> {
    if (this.platform === "darwin") {
      try {
        const { stdout } = await run("security", ["find-generic-password", "-s", KEYCHAIN_SERVICE, "-w"]);
        return stdout.trim() || undefined;
      } catch {
        return undefined;
      }
    }
    if (!existsSync(this.file)) return undefined;
    const parsed = FileShape.safeParse(JSON.parse(readFileSync(this.file, "utf8")));
    return parsed.success ? parsed.data.apiKey : undefined;
  }

  async save(apiKey: string): Promise<void> {
    daemonSecrets.add(STORED_KEY_NAME, apiKey);
    if (this.platform === "darwin") {
      await run("security", [
        "add-generic-password",
        "-U",
        "-a",
        "berth",
        "-s",
        KEYCHAIN_SERVICE,
        "-w",
        apiKey,
      ]);
      return;
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ apiKey })}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  /** Returns whether a key was stored. */
  async remove(): Promise<boolean> {
    if (this.platform === "darwin") {
      try {
        await run("security", ["delete-generic-password", "-s", KEYCHAIN_SERVICE]);
        return true;
      } catch {
        return false;
      }
    }
    const had = existsSync(this.file);
    rmSync(this.file, { force: true });
    return had;
  }
}
