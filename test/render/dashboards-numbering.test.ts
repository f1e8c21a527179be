import { describe, expect, it } from "vitest";
import { numberPanels } from "../../src/render/dashboards/render";

interface Numbered {
  readonly id: number;
  readonly targets?: ReadonlyArray<{ readonly refId: string }>;
  readonly panels?: readonly Numbered[];
}

describe("panel ids and refIds of a rendered dashboard (src/render/dashboards/render.ts)", () => {
  it("numbers copies: a query object two panels share gets each panel's own refId, and the builder's objects stay as they were", () => {
    const shared = { expr: "up" };
    const built = [
      { title: "a", targets: [shared] },
      { title: "row", panels: [{ title: "b", targets: [{ expr: "x" }, shared] }] },
    ];
    const before = JSON.stringify(built);
    const numbered = numberPanels(built, { next: 1 }) as Numbered[];
    expect(numbered.map((p) => p.id)).toEqual([1, 2]);
    expect(numbered[0].targets?.map((t) => t.refId)).toEqual(["A"]);
    expect(numbered[1].panels?.[0].id).toBe(3);
    expect(numbered[1].panels?.[0].targets?.map((t) => t.refId)).toEqual(["A", "B"]);
    expect(JSON.stringify(built)).toBe(before);
  });
});
