import { describe, expect, it } from "vitest";
import { lazyTable } from "./lazy-table";

describe("lazyTable", () => {
  it("builds an entry on first read, once, and leaves the others unbuilt", () => {
    const built: string[] = [];
    const entry = (name: string, n: number) => () => {
      built.push(name);
      return { n };
    };
    const table = lazyTable({ a: entry("a", 1), b: entry("b", 2) });
    expect(built).toEqual([]);
    expect(Object.hasOwn(table, "b")).toBe(true);
    expect(table.a.n).toBe(1);
    expect(table.a).toBe(table.a);
    expect(built).toEqual(["a"]);
    // Enumerating (as docs/protocol.md does) builds the rest.
    expect(Object.entries(table).map(([k, v]) => [k, v.n])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    expect(built).toEqual(["a", "b"]);
  });

  it("cannot be changed after the fact", () => {
    const table = lazyTable({ a: () => 1 });
    expect(() => {
      (table as Record<string, unknown>).a = 2;
    }).toThrow();
    expect(() => {
      (table as Record<string, unknown>).c = 3;
    }).toThrow();
  });
});
