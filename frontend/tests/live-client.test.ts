import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DesignDocument } from "../src/api/contract";
import {
  createLiveClient,
  type LiveClient,
  type LiveDocumentChange,
  type LiveError,
  type LiveSocket,
  type LiveStatus,
} from "../src/features/live/live-client";
import { applyOpsWithResult, jsonEqual, type LiveOp } from "../src/lib/live-ops";
import base from "../../tests-data/live-ops/base.json";

/**
 * An in-memory room that sequences batches with the shared op rules, as the server does
 * (explorer/services/live.py), so the client's queue and rebase logic can be driven step by step:
 * messages to a socket are held until the test delivers them.
 */
class Room {
  document = structuredClone(base) as unknown as DesignDocument;
  seq = 0;
  applied = new Map<string, number>(); // session -> last batch number applied
  sockets: FakeSocket[] = [];
  nextClient = 1;

  open(url: string): FakeSocket {
    const socket = new FakeSocket(
      this,
      new URL(url).searchParams.get("session") ?? "",
      `c${this.nextClient++}`,
    );
    this.sockets.push(socket);
    return socket;
  }

  /** The server accepts the connection and greets it. */
  accept(socket: FakeSocket, readonly = false) {
    socket.readonly = readonly;
    socket.outbox.push({
      type: "welcome",
      seq: this.seq,
      revision: 1,
      document: structuredClone(this.document),
      readonly,
      you: { client: socket.client, user: socket.client, name: socket.client, colour: "#336699" },
      peers: [],
      applied: this.applied.get(socket.session) ?? 0,
    });
  }

  /** Apply a batch (from a client or from elsewhere) and broadcast it to every open socket. */
  batch(ops: LiveOp[], from?: { socket: FakeSocket; batch: string }) {
    const { document, applied } = applyOpsWithResult(this.document, ops);
    this.document = document;
    this.seq += 1;
    if (from) this.applied.set(from.socket.session, Number(from.batch.split(":")[1]));
    const message = {
      type: "ops",
      seq: this.seq,
      batch: from?.batch ?? null,
      client: from?.socket.client ?? null,
      user: from?.socket.client ?? null,
      ops: applied,
    };
    for (const socket of this.sockets) if (!socket.closed) socket.outbox.push(structuredClone(message));
  }
}

class FakeSocket implements LiveSocket {
  onopen: LiveSocket["onopen"] = null;
  onmessage: LiveSocket["onmessage"] = null;
  onclose: LiveSocket["onclose"] = null;
  onerror: LiveSocket["onerror"] = null;
  outbox: object[] = []; // server -> client, not yet delivered
  inbox: Record<string, unknown>[] = []; // client -> server, not yet processed
  closed = false;
  readonly = false;

  constructor(
    private readonly room: Room,
    readonly session: string,
    readonly client: string,
  ) {}

  send(data: string) {
    if (this.closed) throw new Error("send on a closed socket");
    this.inbox.push(JSON.parse(data) as Record<string, unknown>);
  }

  close() {
    this.closed = true;
  }

  /** The server processes what the client sent (in order). */
  process() {
    for (const message of this.inbox.splice(0)) {
      if (message.type !== "ops") continue;
      if (this.readonly) {
        this.outbox.push({ type: "error", code: "readonly", batch: message.batch, message: "read-only" });
        continue;
      }
      this.room.batch(message.ops as LiveOp[], { socket: this, batch: message.batch as string });
    }
  }

  /** Deliver the server's messages to the client (only the first `count` when given). */
  deliver(count = Infinity) {
    const messages = this.outbox.splice(0, count);
    for (const message of messages) this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** The connection drops (the server side goes away). */
  drop(code = 1006) {
    this.closed = true;
    this.outbox.length = 0;
    this.onclose?.({ code });
  }
}

function makeClient(room: Room, session: string) {
  const documents: LiveDocumentChange[] = [];
  const statuses: LiveStatus[] = [];
  const errors: LiveError[] = [];
  const sockets: FakeSocket[] = [];
  const client: LiveClient = createLiveClient({
    url: "ws://test/ws/designs/1/live/",
    session,
    random: () => 0,
    backoffMs: 100,
    maxBackoffMs: 800,
    gapTimeoutMs: 1000,
    openSocket: (url) => {
      const socket = room.open(url);
      sockets.push(socket);
      return socket;
    },
    callbacks: {
      onDocument: (change) => documents.push(change),
      onStatus: (status) => statuses.push(status),
      onError: (error) => errors.push(error),
    },
  });
  const socket = () => sockets[sockets.length - 1] as FakeSocket;
  return { client, documents, statuses, errors, sockets, socket };
}

/** A client connected to the room and welcomed into it. */
function joined(room: Room, session: string) {
  const client = makeClient(room, session);
  client.client.connect();
  room.accept(client.socket());
  client.socket().deliver();
  return client;
}

const node = (doc: DesignDocument | null, id: string) => doc?.nodes.find((n) => n.id === id);
const rename = (id: string, name: string): LiveOp => ({
  op: "set",
  path: ["nodes", id, "name"],
  value: name,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("live client", () => {
  it("shows a local edit at once and clears it from the queue when the server acknowledges it", () => {
    // given a client welcomed into a room
    const room = new Room();
    const a = joined(room, "sa");
    expect(a.client.status()).toBe("live");
    // when it renames a node
    a.client.edit([rename("app", "Checkout")], "Rename");
    // then the edit is shown before the server answers, and is pending
    expect(node(a.client.document(), "app")?.name).toBe("Checkout");
    expect(a.client.pending()).toHaveLength(1);
    // and once the server acknowledges it, nothing is pending and the shown document did not flicker
    a.socket().process();
    const before = a.documents.length;
    a.socket().deliver();
    expect(a.client.pending()).toHaveLength(0);
    expect(a.documents.length).toBe(before);
    expect(jsonEqual(a.client.document(), room.document)).toBe(true);
  });

  it("rebases unacknowledged local edits on remote batches, and both sides converge", () => {
    // given two clients in one room
    const room = new Room();
    const a = joined(room, "sa");
    const b = joined(room, "sb");
    // when A moves and renames a node while B connects it and sets a flow's policy, concurrently
    a.client.edit([
      { op: "set", path: ["layout", "app"], value: { x: 10, y: 90 } },
      rename("app", "Checkout"),
    ]);
    b.client.edit([
      { op: "add", path: ["flows", "app-db"], value: { id: "app-db", from: "app", to: "db" } },
      { op: "set", path: ["flows", "sink", "properties"], value: { policy: "exactly-once" } },
    ]);
    b.socket().process(); // the server takes B's batch first
    a.socket().process();
    // and A hears of B's batch before its own acknowledgement
    a.socket().deliver(1);
    // then A shows B's edit with its own still on top
    const shown = a.client.document();
    expect(node(shown, "app")?.name).toBe("Checkout");
    expect(shown?.flows.map((f) => f.id)).toContain("app-db");
    expect(a.client.pending()).toHaveLength(1);
    // and after everything is delivered both equal the server's document, which holds both edits
    a.socket().deliver();
    b.socket().deliver();
    expect(jsonEqual(a.client.document(), room.document)).toBe(true);
    expect(jsonEqual(b.client.document(), room.document)).toBe(true);
    expect(room.document.layout?.app).toEqual({ x: 10, y: 90 });
    expect(room.document.flows.find((f) => f.id === "sink")?.properties).toEqual({ policy: "exactly-once" });
    expect(a.documents.at(-1)?.origin).toBe("remote");
  });

  it("applies batches in seq order even when they arrive out of order", () => {
    const room = new Room();
    const a = joined(room, "sa");
    room.batch([rename("app", "One")]);
    room.batch([rename("app", "Two")]);
    // when seq 2 arrives before seq 1
    const [first, second] = a.socket().outbox.splice(0) as object[];
    a.socket().onmessage?.({ data: JSON.stringify(second) });
    expect(node(a.client.document(), "app")?.name).toBe("App");
    a.socket().onmessage?.({ data: JSON.stringify(first) });
    // then the later one wins
    expect(node(a.client.document(), "app")?.name).toBe("Two");
  });

  it("reconnects to catch up when a seq never arrives", () => {
    const room = new Room();
    const a = joined(room, "sa");
    room.batch([rename("app", "One")]);
    room.batch([rename("app", "Two")]);
    a.socket().outbox.shift(); // seq 1 is lost
    a.socket().deliver();
    // when the gap is not filled in time
    vi.advanceTimersByTime(1000);
    expect(a.client.status()).toBe("offline");
    vi.advanceTimersByTime(100);
    // then a new connection's welcome brings the client up to date
    expect(a.sockets).toHaveLength(2);
    room.accept(a.socket());
    a.socket().deliver();
    expect(node(a.client.document(), "app")?.name).toBe("Two");
    expect(a.client.status()).toBe("live");
  });

  it("keeps editing offline, reconnects with backoff, and re-sends what the server lacks", () => {
    // given two clients in one room
    const room = new Room();
    const a = joined(room, "sa");
    const b = joined(room, "sb");
    // when A's connection drops, and both sides edit meanwhile
    a.socket().drop();
    expect(a.client.status()).toBe("offline");
    a.client.edit([rename("kafka", "Kafka Sydney")]);
    a.client.edit([{ op: "set", path: ["layout", "kafka"], value: { x: 5, y: 5 } }]);
    b.client.edit([rename("db", "Orders store")]);
    b.socket().process();
    b.socket().deliver();
    // the first retry fails, the second (after a doubled delay) succeeds
    vi.advanceTimersByTime(100);
    expect(a.sockets).toHaveLength(2);
    a.socket().drop();
    vi.advanceTimersByTime(199);
    expect(a.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(a.sockets).toHaveLength(3);
    room.accept(a.socket());
    a.socket().deliver();
    // then A shows B's edit under its own, sends its two batches, and both converge
    expect(node(a.client.document(), "db")?.name).toBe("Orders store");
    expect(node(a.client.document(), "kafka")?.name).toBe("Kafka Sydney");
    expect(a.socket().inbox.map((m) => m.batch)).toEqual(["sa:1", "sa:2"]);
    a.socket().process();
    a.socket().deliver();
    b.socket().deliver();
    expect(a.client.pending()).toHaveLength(0);
    expect(jsonEqual(a.client.document(), room.document)).toBe(true);
    expect(jsonEqual(b.client.document(), room.document)).toBe(true);
  });

  it("does not send again a batch the server applied before the connection dropped", () => {
    const room = new Room();
    const a = joined(room, "sa");
    // given an add the server applied, whose acknowledgement was lost
    a.client.edit([
      { op: "add", path: ["nodes", "es"], value: { id: "es", service: "elasticsearch", name: "ES" } },
    ]);
    a.socket().process();
    a.socket().drop();
    // when the client reconnects
    vi.advanceTimersByTime(100);
    room.accept(a.socket());
    a.socket().deliver();
    // then the welcome says it was applied: nothing is re-sent and the node exists once
    expect(a.socket().inbox).toHaveLength(0);
    expect(a.client.pending()).toHaveLength(0);
    expect(a.client.document()?.nodes.filter((n) => n.id.startsWith("es"))).toHaveLength(1);
  });

  it("rolls back a refused batch and reports it", () => {
    const room = new Room();
    const a = joined(room, "sa");
    a.client.edit([rename("app", "Mine")]);
    // the server refuses it (as for a read-only session)
    a.socket().readonly = true;
    a.socket().process();
    a.socket().deliver();
    expect(node(a.client.document(), "app")?.name).toBe("App");
    expect(a.errors.map((e) => e.code)).toEqual(["readonly"]);
    expect(a.client.pending()).toHaveLength(0);
  });

  it("stops for good when refused at join", () => {
    const room = new Room();
    const a = makeClient(room, "sa");
    a.client.connect();
    a.socket().drop(4403);
    vi.advanceTimersByTime(60_000);
    expect(a.sockets).toHaveLength(1);
    expect(a.client.status()).toBe("offline");
    expect(a.errors[0]?.code).toBe("closed-4403");
  });

  it("is read-only when the welcome says so", () => {
    const room = new Room();
    const a = makeClient(room, "sa");
    a.client.connect();
    room.accept(a.socket(), true);
    a.socket().deliver();
    expect(a.client.status()).toBe("readonly");
    expect(() => a.client.edit([rename("app", "X")])).toThrow(/read-only/);
    room.batch([rename("app", "From an editor")]);
    a.socket().deliver();
    expect(node(a.client.document(), "app")?.name).toBe("From an editor");
  });

  it("undoes one's own edit without undoing another's edit made since", () => {
    const room = new Room();
    const a = joined(room, "sa");
    // given A renamed a node, then someone else moved it
    const { inverse } = a.client.edit([rename("app", "Checkout")]);
    a.socket().process();
    room.batch([{ op: "set", path: ["layout", "app"], value: { x: 1, y: 2 } }]);
    a.socket().deliver();
    // when A undoes its rename
    a.client.edit(inverse, "Undo rename");
    // then the name is back and the other's move stays
    expect(node(a.client.document(), "app")?.name).toBe("App");
    expect(a.client.document()?.layout?.app).toEqual({ x: 1, y: 2 });
  });

  it("sends presence at most once per interval, the latest winning", () => {
    const room = new Room();
    const a = joined(room, "sa");
    a.client.setPresence(["app"], { x: 1, y: 1 });
    a.client.setPresence(["app"], { x: 2, y: 2 });
    a.client.setPresence(["db"], { x: 3, y: 3 });
    expect(a.socket().inbox).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(a.socket().inbox).toEqual([
      { type: "presence", selection: ["app"], cursor: { x: 1, y: 1 } },
      { type: "presence", selection: ["db"], cursor: { x: 3, y: 3 } },
    ]);
  });
});
