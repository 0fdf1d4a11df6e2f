import { describe, expect, it, vi } from "vitest";
import type { DesignDocument, DesignRecord } from "../src/api/contract";
import { createEditorStore, saveStatusOf } from "../src/features/editor/store/editor-store";
import { updateNode } from "../src/lib/design-ops";
import { applyOps } from "../src/lib/live-ops";
import base from "../../tests-data/live-ops/base.json";

/*
 * The design in these tests (tests-data/live-ops/base.json):
 *
 *     [app: App (spark)] --feed--> [kafka: Kafka, orders] --sink--> [db: Orders DB, shop.orders]
 *                                    in location syd
 */
const DOCUMENT = base as unknown as DesignDocument;

function record(overrides: Partial<DesignRecord> = {}): DesignRecord {
  return {
    id: 7,
    name: DOCUMENT.name,
    owner: "demo",
    revision: 3,
    role: "owner",
    can_edit: true,
    can_administer: true,
    team: null,
    created_at: "2026-12-01T00:00:00Z",
    updated_at: "2026-12-01T00:00:00Z",
    document: DOCUMENT,
    ...overrides,
  };
}

/** A store with a clock the test moves (keystrokes within a second merge into one step). */
function storeAt(overrides: Partial<DesignRecord> = {}) {
  let time = 1_000_000;
  const store = createEditorStore(record(overrides), { now: () => time });
  return { store, actions: store.getState().actions, tick: (ms: number) => (time += ms) };
}

const nameOf = (document: DesignDocument, id: string) => document.nodes.find((n) => n.id === id)?.name;
const rename = (document: DesignDocument, id: string, name: string) => updateNode(document, id, { name });

describe("editor store: history", () => {
  it("undoes and redoes edits in order, and the buttons follow", () => {
    // given two edits
    const { store, actions, tick } = storeAt();
    actions.edit(rename(store.getState().document, "kafka", "Kafka Sydney"), "Rename node");
    tick(5000);
    actions.edit(rename(store.getState().document, "db", "Orders"), "Rename node");
    // when undoing both, then redoing one
    actions.undo();
    actions.undo();
    expect(store.getState().document).toBe(DOCUMENT);
    expect(store.getState().canUndo).toBe(false);
    actions.redo();
    // then the first edit is back and the second can be redone
    expect(nameOf(store.getState().document, "kafka")).toBe("Kafka Sydney");
    expect(nameOf(store.getState().document, "db")).toBe("Orders DB");
    expect(store.getState().canRedo).toBe(true);
  });

  it("makes typing into one field one step, but not typing a second later", () => {
    const { store, actions, tick } = storeAt();
    for (const name of ["K", "Ka", "Kaf"]) {
      actions.edit(rename(store.getState().document, "kafka", name), "Rename node");
      tick(200);
    }
    tick(1500);
    actions.edit(rename(store.getState().document, "kafka", "Kafk"), "Rename node");
    actions.undo();
    expect(nameOf(store.getState().document, "kafka")).toBe("Kaf");
    actions.undo();
    expect(nameOf(store.getState().document, "kafka")).toBe("Kafka");
  });

  it("refuses edits, undo and redo when read-only", () => {
    const { store, actions } = storeAt({ can_edit: false });
    actions.edit(rename(DOCUMENT, "kafka", "Mine"), "Rename node");
    expect(store.getState().document).toBe(DOCUMENT);
    expect(store.getState().canUndo).toBe(false);
  });

  it("tells its listeners of local edits, undo and redo, with labels", () => {
    const { store, actions } = storeAt();
    const seen: string[] = [];
    actions.onLocalChange((before, after, label) =>
      seen.push(`${label}: ${nameOf(before, "kafka")} -> ${nameOf(after, "kafka")}`),
    );
    actions.edit(rename(store.getState().document, "kafka", "K2"), "Rename node");
    actions.undo();
    actions.redo();
    expect(seen).toEqual([
      "Rename node: Kafka -> K2",
      "Undo Rename node: K2 -> Kafka",
      "Redo Rename node: Kafka -> K2",
    ]);
  });
});

describe("editor store: selection", () => {
  it("applies React Flow's select and unselect changes to the current selection", () => {
    const { store, actions } = storeAt();
    actions.select(["kafka"]);
    actions.applySelects([
      { id: "db", selected: true },
      { id: "kafka", selected: false },
    ]);
    expect([...store.getState().selection]).toEqual(["db"]);
  });

  it("keeps the selection across undo (it is not part of the document)", () => {
    const { store, actions } = storeAt();
    actions.edit(rename(DOCUMENT, "kafka", "K2"), "Rename node");
    actions.select(["kafka", "sink"]);
    actions.undo();
    expect([...store.getState().selection]).toEqual(["kafka", "sink"]);
  });
});

describe("editor store: remote operations", () => {
  it("applies someone else's edit without entering this editor's undo", () => {
    // given an editor with no edits of its own
    const { store, actions } = storeAt();
    const listener = vi.fn();
    actions.onLocalChange(listener);
    // when a remote batch renames the database
    actions.receiveRemote(
      applyOps(DOCUMENT, [{ op: "set", path: ["nodes", "db", "name"], value: "Theirs" }]),
    );
    // then it shows, nothing can be undone, and it is not sent back out as a local edit
    expect(nameOf(store.getState().document, "db")).toBe("Theirs");
    expect(store.getState().canUndo).toBe(false);
    expect(listener).not.toHaveBeenCalled();
  });

  it("undoes one's own edit only, keeping the edits others made since", () => {
    // given my move of Kafka, then someone else's rename of Kafka and new flow policy
    const { store, actions } = storeAt();
    const moved = { ...DOCUMENT, layout: { ...DOCUMENT.layout, kafka: { x: 40, y: 80 } } };
    actions.edit(moved, "Move node");
    actions.receiveRemote(
      applyOps(store.getState().document, [
        { op: "set", path: ["nodes", "kafka", "name"], value: "Kafka (theirs)" },
        { op: "set", path: ["flows", "sink", "properties"], value: { "tasks.max": 2 } },
      ]),
    );
    // when I undo
    actions.undo();
    // then my move is reverted and their edits stay
    const after = store.getState().document;
    expect(after.layout?.kafka).toEqual({ x: 0, y: 0 });
    expect(nameOf(after, "kafka")).toBe("Kafka (theirs)");
    expect(after.flows.find((f) => f.id === "sink")?.properties).toEqual({ "tasks.max": 2 });
    // and redo moves it again, still keeping theirs
    actions.redo();
    expect(store.getState().document.layout?.kafka).toEqual({ x: 40, y: 80 });
    expect(nameOf(store.getState().document, "kafka")).toBe("Kafka (theirs)");
  });

  it("does not merge a keystroke after a remote edit into the step before it", () => {
    const { store, actions, tick } = storeAt();
    actions.edit(rename(DOCUMENT, "kafka", "K"), "Rename node");
    tick(100);
    actions.receiveRemote(
      applyOps(store.getState().document, [{ op: "set", path: ["name"], value: "Theirs" }]),
    );
    tick(100);
    actions.edit(rename(store.getState().document, "kafka", "Ka"), "Rename node");
    actions.undo();
    expect(nameOf(store.getState().document, "kafka")).toBe("K");
    expect(store.getState().document.name).toBe("Theirs");
  });

  it("shows the live session's save state instead of the REST one while live", () => {
    const { store, actions } = storeAt();
    actions.edit(rename(DOCUMENT, "kafka", "K2"), "Rename node");
    expect(saveStatusOf(store.getState())).toBe("unsaved");
    actions.setLive({ status: "live", joined: true, unsaved: true });
    expect(saveStatusOf(store.getState())).toBe("unsaved");
    actions.liveSaved(4, false);
    expect(saveStatusOf(store.getState())).toBe("saved");
    expect(store.getState().record.revision).toBe(4);
  });
});
