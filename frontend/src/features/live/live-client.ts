import type { DesignDocument } from "../../api/contract";
import { applyOps, diffDocuments, jsonEqual, type LiveOp } from "../../lib/live-ops";

/**
 * The browser's side of a live design session (docs/live-protocol.md), with no framework in it: the editor
 * store gives it edits and receives documents, peers and statuses through callbacks.
 *
 * State: the confirmed document (the server's, at `seq`) and the pending batches (local edits the server has
 * not acknowledged). The document shown is the confirmed one with the pending batches applied on top, in
 * order; it is recomputed after every remote batch (a rebase). A reconnect is a new connection: its welcome
 * replaces the confirmed document, batches the server already applied are dropped, and the rest are sent again.
 */

export type LiveStatus = "connecting" | "live" | "readonly" | "offline";
export type LiveOrigin = "local" | "remote";

export interface LiveCursor {
  x: number;
  y: number;
}

export interface LivePeer {
  client: string;
  user: string;
  name: string;
  colour: string;
  readonly: boolean;
  selection: string[];
  cursor: LiveCursor | null;
}

export interface LiveIdentity {
  client: string;
  user: string;
  name: string;
  colour: string;
}

export interface LiveError {
  code: string;
  message: string;
  batch?: string;
}

export interface LiveDocumentChange {
  document: DesignDocument;
  origin: LiveOrigin;
  /** The ops just applied: a local batch, or a remote one as the server applied it. */
  ops: LiveOp[];
  /** Who made a remote change (null: a REST update; undefined for local changes and rebases). */
  user?: string | null;
}

export interface LiveCallbacks {
  onDocument?(change: LiveDocumentChange): void;
  onPeers?(peers: LivePeer[]): void;
  onPresence?(peer: LivePeer): void;
  onSaved?(saved: { revision: number; seq: number }): void;
  onError?(error: LiveError): void;
  onStatus?(status: LiveStatus): void;
  onWelcome?(welcome: { you: LiveIdentity; revision: number; seq: number; readonly: boolean }): void;
}

/** The part of the browser's WebSocket the client uses (tests give their own). */
export interface LiveSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface LiveClientOptions {
  /** `ws(s)://host/ws/designs/<id>/live/` ({@link liveUrl} builds it from a page location). */
  url: string;
  callbacks?: LiveCallbacks;
  /** Opens a socket; the browser's WebSocket by default. */
  openSocket?: (url: string) => LiveSocket;
  /** First reconnect delay, doubled after each failed try up to `maxBackoffMs` (with up to 50 % jitter off). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A missing seq not arriving within this time means a message was lost: reconnect to catch up. */
  gapTimeoutMs?: number;
  /** Presence is sent at most this often; the latest one wins. */
  presenceIntervalMs?: number;
  /** Identifies this tab's batches across reconnects, so none is applied twice. */
  session?: string;
  random?: () => number;
}

interface PendingBatch {
  batch: string;
  number: number;
  ops: LiveOp[];
  label: string;
}

interface WelcomeMessage {
  type: "welcome";
  seq: number;
  revision: number;
  document: DesignDocument;
  readonly: boolean;
  you: LiveIdentity;
  peers: LivePeer[];
  applied?: number;
}

interface OpsMessage {
  type: "ops";
  seq: number;
  batch: string | null;
  client: string | null;
  user: string | null;
  ops: LiveOp[];
}

type ServerMessage =
  | WelcomeMessage
  | OpsMessage
  | { type: "presence"; client: string; selection: string[]; cursor: LiveCursor | null }
  | { type: "peers"; peers: LivePeer[] }
  | { type: "saved"; revision: number; seq: number }
  | { type: "error"; code: string; message: string; batch?: string };

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: Record<number, string> = {
  4401: "The API token was not accepted.",
  4403: "You may not join this design's live session.",
  4404: "This design does not exist, or you may not see it.",
};

/** The live session's URL for a design, from the page's location. */
export function liveUrl(designId: number | string, location: { protocol: string; host: string }): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/designs/${designId}/live/`;
}

function randomSession(random: () => number): string {
  return Array.from({ length: 12 }, () => Math.floor(random() * 36).toString(36)).join("");
}

export interface LiveClient {
  /** Open the connection (again after {@link LiveClient.close}). */
  connect(): void;
  /** Close for good: no reconnect. */
  close(): void;
  /**
   * Apply a local edit at once and send it (or queue it while offline). Returns the batch id and the ops
   * that undo this edit alone (other people's edits of other fields are left as they are).
   * Throws {@link LiveOpError} for a malformed op, and refuses in a read-only session.
   */
  edit(ops: LiveOp[], label?: string): { batch: string; inverse: LiveOp[] };
  /** Share one's selection and cursor (flow coordinates) with the others. */
  setPresence(selection: string[], cursor: LiveCursor | null): void;
  document(): DesignDocument | null;
  status(): LiveStatus;
  peers(): LivePeer[];
  you(): LiveIdentity | null;
  /** Local batches the server has not acknowledged yet. */
  pending(): readonly { batch: string; label: string; ops: LiveOp[] }[];
  /** The last revision saved from the session (or the one it started from). */
  revision(): number | null;
  /** The number of the last batch applied from the server (the welcome's, then each ops message's). */
  seq(): number;
}

/** A live-session client; call `connect()` to start. */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const callbacks = options.callbacks ?? {};
  const openSocket = options.openSocket ?? ((url: string) => new WebSocket(url) as unknown as LiveSocket);
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const gapTimeoutMs = options.gapTimeoutMs ?? 3_000;
  const presenceIntervalMs = options.presenceIntervalMs ?? 50;
  const random = options.random ?? Math.random;
  const session = options.session ?? randomSession(random);

  let socket: LiveSocket | null = null;
  let welcomed = false;
  let stopped = true;
  let currentStatus: LiveStatus = "offline";
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let gapTimer: ReturnType<typeof setTimeout> | null = null;
  let presenceTimer: ReturnType<typeof setTimeout> | null = null;
  let presenceQueued: { selection: string[]; cursor: LiveCursor | null } | null = null;
  let lastPresenceAt = -Infinity;

  let confirmed: DesignDocument | null = null;
  let local: DesignDocument | null = null;
  let seq = 0;
  let savedRevision: number | null = null;
  let readonly = false;
  let me: LiveIdentity | null = null;
  let peerList: LivePeer[] = [];
  let batchNumber = 0;
  const pendingBatches: PendingBatch[] = [];
  const early = new Map<number, OpsMessage>();

  const setStatus = (status: LiveStatus) => {
    if (status === currentStatus) return;
    currentStatus = status;
    callbacks.onStatus?.(status);
  };

  const rebase = (): DesignDocument | null => {
    if (!confirmed) return null;
    let doc = confirmed;
    for (const pending of pendingBatches) doc = applyOps(doc, pending.ops);
    local = doc;
    return doc;
  };

  const send = (message: object) => {
    socket?.send(JSON.stringify(message));
  };

  const sendBatch = (pending: PendingBatch) => {
    if (welcomed && !readonly)
      send({ type: "ops", batch: pending.batch, ops: pending.ops, label: pending.label });
  };

  const clearTimer = (timer: ReturnType<typeof setTimeout> | null) => {
    if (timer !== null) clearTimeout(timer);
    return null;
  };

  const scheduleReconnect = () => {
    if (stopped || reconnectTimer !== null) return;
    const delay = Math.min(maxBackoffMs, backoffMs * 2 ** attempt) * (1 - random() * 0.5);
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      open();
    }, delay);
  };

  const dropSocket = () => {
    const old = socket;
    socket = null;
    welcomed = false;
    gapTimer = clearTimer(gapTimer);
    if (old) {
      old.onopen = old.onmessage = old.onclose = old.onerror = null;
      old.close(1000, "reconnecting");
    }
  };

  /** Lost a message or the connection: start over with a new connection (its welcome is the catch-up). */
  const reconnect = () => {
    dropSocket();
    setStatus("offline");
    scheduleReconnect();
  };

  const onWelcome = (message: WelcomeMessage) => {
    welcomed = true;
    attempt = 0;
    confirmed = message.document;
    seq = message.seq;
    savedRevision = message.revision;
    readonly = message.readonly;
    me = message.you;
    early.clear();
    const applied = message.applied ?? 0;
    while (pendingBatches.length && (pendingBatches[0] as PendingBatch).number <= applied)
      pendingBatches.shift();
    if (readonly && pendingBatches.length) {
      pendingBatches.length = 0;
      callbacks.onError?.({
        code: "readonly",
        message: "This session is read-only; local edits were dropped.",
      });
    }
    peerList = message.peers.filter((peer) => peer.client !== me?.client);
    callbacks.onWelcome?.({ you: message.you, revision: message.revision, seq: message.seq, readonly });
    const doc = rebase() as DesignDocument;
    callbacks.onDocument?.({ document: doc, origin: "remote", ops: [] });
    callbacks.onPeers?.(peerList);
    setStatus(readonly ? "readonly" : "live");
    for (const pending of pendingBatches) sendBatch(pending);
    if (presenceQueued) flushPresence();
  };

  const applyRemote = (message: OpsMessage) => {
    confirmed = applyOps(confirmed as DesignDocument, message.ops);
    seq = message.seq;
    const own = message.batch !== null && message.client !== null && message.client === me?.client;
    const index = own ? pendingBatches.findIndex((p) => p.batch === message.batch) : -1;
    if (index >= 0) pendingBatches.splice(0, index + 1);
    const shown = local;
    const doc = rebase() as DesignDocument;
    // One's own batch coming back as sent changes nothing on screen: no re-render for an acknowledgement.
    if (index >= 0 && jsonEqual(doc, shown)) {
      local = shown;
      return;
    }
    callbacks.onDocument?.({ document: doc, origin: "remote", ops: message.ops, user: message.user });
  };

  const onOps = (message: OpsMessage) => {
    if (!confirmed || message.seq <= seq) return;
    early.set(message.seq, message);
    while (early.has(seq + 1)) {
      const next = early.get(seq + 1) as OpsMessage;
      early.delete(seq + 1);
      applyRemote(next);
    }
    gapTimer = clearTimer(gapTimer);
    if (early.size) gapTimer = setTimeout(reconnect, gapTimeoutMs);
  };

  const onError = (message: { code: string; message: string; batch?: string }) => {
    const index =
      message.batch === undefined ? -1 : pendingBatches.findIndex((p) => p.batch === message.batch);
    if (index >= 0) {
      pendingBatches.splice(index, 1);
      const doc = rebase();
      if (doc) callbacks.onDocument?.({ document: doc, origin: "remote", ops: [] });
    }
    callbacks.onError?.({ code: message.code, message: message.message, batch: message.batch });
  };

  const onMessage = (data: unknown) => {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case "welcome":
        onWelcome(message);
        break;
      case "ops":
        onOps(message);
        break;
      case "presence": {
        const peer = peerList.find((p) => p.client === message.client);
        if (!peer) break;
        peer.selection = message.selection;
        peer.cursor = message.cursor;
        peerList = [...peerList];
        callbacks.onPresence?.(peer);
        break;
      }
      case "peers":
        peerList = message.peers.filter((peer) => peer.client !== me?.client);
        callbacks.onPeers?.(peerList);
        break;
      case "saved":
        savedRevision = message.revision;
        callbacks.onSaved?.({ revision: message.revision, seq: message.seq });
        break;
      case "error":
        onError(message);
        break;
    }
  };

  function open() {
    dropSocket();
    setStatus("connecting");
    const separator = options.url.includes("?") ? "&" : "?";
    const next = openSocket(`${options.url}${separator}session=${encodeURIComponent(session)}`);
    socket = next;
    next.onmessage = (event) => onMessage(event.data);
    next.onclose = (event) => {
      if (socket !== next) return;
      socket = null;
      welcomed = false;
      gapTimer = clearTimer(gapTimer);
      const fatal = FATAL_CLOSE_CODES[event.code];
      setStatus("offline");
      if (fatal) {
        stopped = true;
        callbacks.onError?.({ code: `closed-${event.code}`, message: fatal });
        return;
      }
      scheduleReconnect();
    };
    next.onerror = () => undefined; // a close event follows, which decides what to do
  }

  function flushPresence() {
    presenceTimer = clearTimer(presenceTimer);
    if (!presenceQueued || !welcomed) return;
    send({ type: "presence", ...presenceQueued });
    presenceQueued = null;
    lastPresenceAt = Date.now();
  }

  return {
    connect() {
      stopped = false;
      attempt = 0;
      reconnectTimer = clearTimer(reconnectTimer);
      open();
    },
    close() {
      stopped = true;
      reconnectTimer = clearTimer(reconnectTimer);
      presenceTimer = clearTimer(presenceTimer);
      dropSocket();
      setStatus("offline");
    },
    edit(ops, label = "Edit") {
      if (readonly) throw new Error("This live session is read-only.");
      if (!local) throw new Error("The live session has no document yet.");
      const before = local;
      const after = applyOps(before, ops);
      batchNumber += 1;
      const pending: PendingBatch = { batch: `${session}:${batchNumber}`, number: batchNumber, ops, label };
      pendingBatches.push(pending);
      local = after;
      sendBatch(pending);
      callbacks.onDocument?.({ document: after, origin: "local", ops });
      return { batch: pending.batch, inverse: diffDocuments(after, before) };
    },
    setPresence(selection, cursor) {
      presenceQueued = { selection, cursor };
      const wait = lastPresenceAt + presenceIntervalMs - Date.now();
      if (wait <= 0) flushPresence();
      else if (presenceTimer === null) presenceTimer = setTimeout(flushPresence, wait);
    },
    document: () => local,
    status: () => currentStatus,
    peers: () => peerList,
    you: () => me,
    pending: () => pendingBatches.map(({ batch, label, ops }) => ({ batch, label, ops })),
    revision: () => savedRevision,
    seq: () => seq,
  };
}
