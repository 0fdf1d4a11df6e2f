import { describe, expect, it } from "vitest";
import type { DesignDocument, DesignRecord } from "../src/api/contract";
import { bindLiveSession } from "../src/features/editor/live/live-binding";
import { createEditorStore, saveStatusOf, type EditorStore } from "../src/features/editor/store/editor-store";
import type { LiveSocket } from "../src/features/live/live-client";
import { updateFlow, updateNode } from "../src/lib/design-ops";
import { applyOpsWithResult, type LiveOp } from "../src/lib/live-ops";
import base from "../../tests-data/live-ops/base.json";

/*
 *     [app] --feed--> [kafka, orders] --sink--> [db, shop.orders]      (tests-data/live-ops/base.json)
 *
 * Two editor stores joined to one room. The room sequences batches with the shared op rules, as the server
 * does; messages wait in each socket's queue until the test calls `room.flush()`, so edits can be made
 * "at the same time" on both sides.
 */
const DOCUMENT = base as unknown as DesignDocument;

interface Sent {
  type: string;
  batch?: string;
  ops?: LiveOp[];
  selection?: string[];
}

class Room {
  document = DOCUMENT;
  seq = 0;
  sockets: { socket: LiveSocket; client: string; readonly: boolean; queue: object[] }[] = [];

  open(readonly: boolean): LiveSocket {
    const client = `c${this.sockets.length + 1}`;
    const entry = { client, readonly, queue: [] as object[], socket: null as unknown as LiveSocket };
    entry.socket = {
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      close: () => undefined,
      send: (data: string) => this.receive(entry, JSON.parse(data) as Sent),
    };
    entry.queue.push({
      type: "welcome",
      seq: this.seq,
      revision: 1,
      document: this.document,
      readonly,
      applied: 0,
      you: { client, user: client, name: client, colour: "#336699" },
      peers: [],
    });
    this.sockets.push(entry);
    return entry.socket;
  }

  receive(from: Room["sockets"][number], message: Sent) {
    if (message.type !== "ops") return;
    const { document, applied } = applyOpsWithResult(this.document, message.ops ?? []);
    this.document = document;
    this.seq += 1;
    for (const entry of this.sockets)
      entry.queue.push({
        type: "ops",
        seq: this.seq,
        batch: message.batch,
        client: from.client,
        user: from.client,
        ops: applied,
      });
  }

  save(revision: number) {
    for (const entry of this.sockets) entry.queue.push({ type: "saved", revision, seq: this.seq });
  }

  /** Deliver everything queued, until nothing is left (a delivery may queue more). */
  flush() {
    for (let round = 0; round < 10; round += 1) {
      let delivered = false;
      for (const entry of this.sockets) {
        for (const message of entry.queue.splice(0)) {
          delivered = true;
          entry.socket.onmessage?.({ data: JSON.stringify(message) });
        }
      }
      if (!delivered) return;
    }
  }
}

function record(canEdit = true): DesignRecord {
  return {
    id: 7,
    name: DOCUMENT.name,
    owner: "demo",
    revision: 1,
    role: canEdit ? "editor" : "viewer",
    can_edit: canEdit,
    can_administer: false,
    team: null,
    created_at: "2026-12-01T00:00:00Z",
    updated_at: "2026-12-01T00:00:00Z",
    document: DOCUMENT,
  };
}

function join(room: Room, options: { readonly?: boolean; canEdit?: boolean } = {}): EditorStore {
  const store = createEditorStore(record(options.canEdit ?? true));
  const binding = bindLiveSession(store, {
    url: "ws://test/ws/designs/7/live/",
    openSocket: () => room.open(options.readonly ?? false),
  });
  binding.connect();
  return store;
}

const doc = (store: EditorStore) => store.getState().document;
const nameOf = (document: DesignDocument, id: string) => document.nodes.find((n) => n.id === id)?.name;

describe("live binding", () => {
  it("carries each side's edits to the other and both converge", () => {
    // given two editors in one room
    const room = new Room();
    const alice = join(room);
    const bob = join(room);
    room.flush();
    expect(alice.getState().live.status).toBe("live");
    // when both edit different fields of the same node, and a flow, before hearing of each other
    alice.getState().actions.edit(updateNode(doc(alice), "kafka", { name: "Kafka Sydney" }), "Rename node");
    bob.getState().actions.edit(updateNode(doc(bob), "kafka", { location: null }), "Change location");
    bob
      .getState()
      .actions.edit(updateFlow(doc(bob), "sink", { properties: { "tasks.max": 3 } }), "Set tasks.max");
    room.flush();
    // then both show all three edits, as the room has them
    for (const store of [alice, bob]) {
      expect(doc(store)).toEqual(room.document);
      expect(nameOf(doc(store), "kafka")).toBe("Kafka Sydney");
      expect(doc(store).nodes.find((n) => n.id === "kafka")?.location).toBeNull();
    }
    // and neither can undo the other's edits: alice's undo reverts her rename only, for everyone
    expect(alice.getState().canUndo).toBe(true);
    alice.getState().actions.undo();
    room.flush();
    for (const store of [alice, bob]) {
      expect(nameOf(doc(store), "kafka")).toBe("Kafka");
      expect(doc(store).flows.find((f) => f.id === "sink")?.properties).toEqual({ "tasks.max": 3 });
    }
    expect(alice.getState().canUndo).toBe(false);
  });

  it("sends edits made before the session's welcome as one batch when it comes", () => {
    const room = new Room();
    const alice = join(room);
    alice.getState().actions.edit(updateNode(doc(alice), "db", { name: "Early" }), "Rename node");
    room.flush();
    expect(nameOf(room.document, "db")).toBe("Early");
    expect(nameOf(doc(alice), "db")).toBe("Early");
  });

  it("makes a read-only session's editor read-only, while others' edits still arrive", () => {
    const room = new Room();
    const viewer = join(room, { readonly: true });
    const editor = join(room);
    room.flush();
    expect(viewer.getState().readOnly).toBe(true);
    expect(viewer.getState().live.status).toBe("readonly");
    editor.getState().actions.edit(updateNode(doc(editor), "app", { name: "Spark app" }), "Rename node");
    room.flush();
    expect(nameOf(doc(viewer), "app")).toBe("Spark app");
    viewer.getState().actions.edit(updateNode(doc(viewer), "app", { name: "Mine" }), "Rename node");
    expect(nameOf(doc(viewer), "app")).toBe("Spark app");
  });

  it("shows unsaved until the session saves a revision holding the edit", () => {
    const room = new Room();
    const alice = join(room);
    room.flush();
    alice.getState().actions.edit(updateNode(doc(alice), "db", { name: "Later" }), "Rename node");
    room.flush();
    expect(saveStatusOf(alice.getState())).toBe("unsaved");
    room.save(2);
    room.flush();
    expect(saveStatusOf(alice.getState())).toBe("saved");
    expect(alice.getState().record.revision).toBe(2);
  });
});
