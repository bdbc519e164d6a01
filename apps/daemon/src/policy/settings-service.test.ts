import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "@berth/testkit";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { SettingsService } from "./settings-service";

const dir = makeTempDir("berth-settings-service-");
const services: SettingsService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

function world(name: string) {
  const root = join(dir.path, name);
  const project = join(root, "project");
  mkdirSync(join(project, ".claude"), { recursive: true });
  const service = new SettingsService({
    berthHome: join(root, "home"),
    homeDir: join(root, "user"),
    managedPaths: [join(root, "managed", "managed-settings.json")],
    env: {},
    logger: pino({ level: "silent" }),
    watcherLingerMs: 150,
  });
  services.push(service);
  const request = { cwd: project, projectRoot: project, trusted: true };
  const settingsFile = join(project, ".claude", "settings.json");
  return { service, request, settingsFile, project };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const changeSeen = (subscribe: (fn: () => void) => () => void) =>
  new Promise<() => void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no settings change seen")), 5000);
    const off = subscribe(() => {
      clearTimeout(timer);
      resolve(off);
    });
  });

describe("SettingsService watchers", () => {
  it("keeps a project's watcher for a while after its last session, for the next one", async () => {
    const { service, request, settingsFile, project } = world("linger");
    const first = service.subscribe(request, () => {});
    await sleep(200); // the watches settle
    first();
    expect(service.watchedProjects()).toEqual([project]);

    // A session arriving within the linger reuses the watcher, and hears changes through it.
    const seen = changeSeen((fn) => service.subscribe(request, fn));
    writeFileSync(settingsFile, JSON.stringify({ permissions: { allow: ["Read"] } }));
    const off = await seen;
    await sleep(300); // longer than the linger: it must not run out while a listener is there
    expect(service.watchedProjects()).toEqual([project]);

    off();
    await sleep(400);
    expect(service.watchedProjects()).toEqual([]);
  });

  it("closes lingering watchers with the service", async () => {
    const { service, request } = world("close");
    service.subscribe(request, () => {})();
    expect(service.watchedProjects()).toHaveLength(1);
    await service.close();
    expect(service.watchedProjects()).toEqual([]);
  });
});
