import { describe, expect, it } from "vitest";
import { registry } from "./index";
import { editDistance, SlashRegistry } from "./registry";

describe("slash command registry", () => {
  it("has every command the terminal documents, once", () => {
    const names = registry.commands.map((c) => c.name);
    for (const n of [
      "exit",
      "resume",
      "cost",
      "compact",
      "clear",
      "mode",
      "model",
      "status",
      "export",
      "bug",
    ])
      expect(names).toContain(n);
    for (const n of ["permissions", "config", "doctor", "memory", "hooks", "init", "help"])
      expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
    expect(registry.find("quit")?.name).toBe("exit");
    expect(registry.find("HELP")?.name).toBe("help");
  });

  it("generates /help from the entries, with argument hints and aliases", () => {
    const help = registry.help();
    expect(help).toHaveLength(registry.commands.length);
    expect(help.find((l) => l.startsWith("/model [name]"))).toContain("switch this session to another one");
    expect(help.find((l) => l.startsWith("/exit"))).toContain("(also /quit, /detach)");
  });

  it("suggests the nearest command for a typo or a prefix, and nothing for noise", () => {
    expect(registry.suggest("hepl")).toBe("help");
    expect(registry.suggest("stauts")).toBe("status");
    expect(registry.suggest("perm")).toBe("permissions");
    expect(registry.suggest("modle")).toBe("mode");
    expect(registry.suggest("xyzzy")).toBeUndefined();
  });

  it("refuses a name defined twice", () => {
    const c = { name: "a", help: "", run: () => undefined };
    expect(() => new SlashRegistry([c, { ...c, name: "b", aliases: ["a"] }])).toThrow(/defined twice/);
  });

  it("completes names by prefix", () => {
    expect(registry.complete("co")).toEqual(["cost", "compact", "config"]);
  });

  it("measures edit distance", () => {
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});
