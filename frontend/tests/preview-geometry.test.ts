import { describe, expect, it, vi } from "vitest";
import type { DesignDocument } from "../src/api/contract";
import { createAsyncCache } from "../src/lib/async-cache";
import { PREVIEW_NODE, previewGeometry } from "../src/lib/preview-geometry";

const DESIGN: DesignDocument = {
  format: "kafkaesque.design/v1",
  name: "d",
  locations: [{ id: "syd", name: "Sydney" }],
  nodes: [
    { id: "k", service: "kafka", name: "Kafka", location: "syd" },
    { id: "c", service: "cassandra", name: "Orders", location: "syd" },
    { id: "x", service: "mystery", name: "Unplaced" },
  ],
  flows: [
    { id: "f", from: "k/orders", to: "c" },
    { id: "dangling", from: "k", to: "nowhere" },
  ],
  layout: { k: { x: 0, y: 0 }, c: { x: 400, y: 100 } },
};

const CATEGORIES: Record<string, string> = { kafka: "stream", cassandra: "store" };

describe("previewGeometry", () => {
  it("places nodes at their layout positions with their category", () => {
    const geometry = previewGeometry(DESIGN, (s) => CATEGORIES[s]);
    expect(geometry.nodes[0]).toMatchObject({ id: "k", x: 0, y: 0, category: "stream" });
    expect(geometry.nodes[1]).toMatchObject({ id: "c", x: 400, y: 100, category: "store" });
    expect(geometry.nodes[2]?.category).toBeUndefined();
  });

  it("draws a flow from the right edge of its source to the left edge of its sink, skipping dangling ones", () => {
    const geometry = previewGeometry(DESIGN, () => undefined);
    expect(geometry.edges.map((e) => e.id)).toEqual(["f"]);
    const d = geometry.edges[0]?.d ?? "";
    expect(d.startsWith(`M${PREVIEW_NODE.width},${PREVIEW_NODE.height / 2} `)).toBe(true);
    expect(d.endsWith(` 400,${100 + PREVIEW_NODE.height / 2}`)).toBe(true);
  });

  it("frames every node and location box in the view box", () => {
    const geometry = previewGeometry(DESIGN, () => undefined);
    const [minX, minY, width, height] = geometry.viewBox.split(" ").map(Number);
    expect(geometry.locations).toHaveLength(1);
    for (const box of [...geometry.nodes, ...geometry.locations]) {
      expect(box.x).toBeGreaterThanOrEqual(minX!);
      expect(box.y).toBeGreaterThanOrEqual(minY!);
      expect(box.x + box.width).toBeLessThanOrEqual(minX! + width!);
      expect(box.y + box.height).toBeLessThanOrEqual(minY! + height!);
    }
  });
});

describe("createAsyncCache", () => {
  it("loads each key once however many callers ask", async () => {
    const load = vi.fn((key: string) => Promise.resolve(key.toUpperCase()));
    const cache = createAsyncCache(load);
    const [a, b] = await Promise.all([cache.get("a"), cache.get("a")]);
    expect([a, b, cache.peek("a")]).toEqual(["A", "A", "A"]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("tries again after a failure", async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error("503")).mockResolvedValueOnce("ok");
    const cache = createAsyncCache<string, string>(load);
    await expect(cache.get("k")).rejects.toThrow("503");
    expect(await cache.get("k")).toBe("ok");
    expect(load).toHaveBeenCalledTimes(2);
  });
});
