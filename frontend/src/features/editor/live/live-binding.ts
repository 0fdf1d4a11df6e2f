import type { DesignDocument } from "../../../api/contract";
import { diffDocuments, jsonEqual } from "../../../lib/live-ops";
import {
  createLiveClient,
  type LiveClient,
  type LiveClientOptions,
  type LiveCursor,
} from "../../live/live-client";
import type { EditorStore } from "../store/editor-store";

/** How long a save waits for the live session's debounced save (it saves within about 5 s). */
const SAVE_WAIT_MS = 15_000;

function sameCounts(a: DesignDocument, b: DesignDocument): boolean {
  return (
    a.nodes.length === b.nodes.length &&
    a.flows.length === b.flows.length &&
    (a.locations ?? []).length === (b.locations ?? []).length
  );
}

export interface LiveBinding {
  connect(): void;
  close(): void;
  /** Share where one's pointer is on the canvas (flow coordinates), or that it left. */
  setCursor(cursor: LiveCursor | null): void;
  /**
   * Resolve with the revision holding everything on screen, once the session has saved it (at once
   * when nothing is unsaved); null when it did not within {@link SAVE_WAIT_MS}.
   */
  saved(): Promise<number | null>;
}

export type LiveBindingOptions = Omit<LiveClientOptions, "callbacks"> & {
  /** Errors worth telling the user (a refused batch, a refused session). */
  onProblem?: (message: string) => void;
};

/**
 * Connect an editor store to a live session: remote documents enter the store without entering its
 * undo history, local edits (and undo and redo, which are local edits too) go out as op batches, the
 * selection and pointer as presence; who is there, the status and the saves come back into the store.
 *
 * Until the first welcome the session is "unavailable" and the editor saves through the REST API as
 * before; edits made meanwhile are sent as one batch when the welcome arrives. A session that ends for
 * good (refused, or access lost) makes the REST API the way again.
 */
export function bindLiveSession(store: EditorStore, options: LiveBindingOptions): LiveBinding {
  let client: LiveClient | null = null;
  let welcomed = false;
  let catchUp = false;
  /** The next document is the welcome's snapshot. */
  let welcoming = false;
  let cursor: LiveCursor | null = null;
  let savedSeq = 0;
  let waiters: ((revision: number | null) => void)[] = [];
  let unsubscribers: (() => void)[] = [];

  const actions = () => store.getState().actions;
  const unsavedNow = () => client !== null && (client.seq() > savedSeq || client.pending().length > 0);

  const settleWaiters = () => {
    const revision = store.getState().record.revision;
    for (const resolve of waiters.splice(0)) resolve(revision);
  };

  /** Send a local change as one batch; the store already shows it. */
  const send = (before: DesignDocument, after: DesignDocument, label: string) => {
    if (!client || !welcomed || store.getState().readOnly) return;
    const ops = diffDocuments(before, after);
    if (ops.length === 0) return;
    try {
      client.edit(ops, label);
    } catch (error) {
      options.onProblem?.(`This edit could not be shared: ${(error as Error).message}`);
      return;
    }
    const shown = client.document();
    // The session's copy is the store's unless applying the ops dropped something left dangling (a flow
    // to a removed node); that changes a count, so counts are checked rather than every field of a
    // design of thousands of nodes on every keystroke.
    if (shown && shown !== after && !sameCounts(shown, after)) actions().receiveRemote(shown);
    actions().setLive({ unsaved: true });
  };

  const presence = () => client?.setPresence([...store.getState().selection], cursor);

  const onRemoteDocument = (document: DesignDocument, welcome: boolean) => {
    // A welcome's snapshot usually equals what is on screen: keeping the store's copy then spares the
    // canvas a rebuild of every node.
    const current = store.getState().document;
    if (welcome && !catchUp && jsonEqual(document, current)) return;
    if (!catchUp) {
      actions().receiveRemote(document);
      return;
    }
    // The first welcome: edits made before it (saved through REST or not) are what differs between
    // the last revision this editor knows and its screen; they go out as one batch on the room's copy.
    catchUp = false;
    const { document: mine, savedDocument } = store.getState();
    const ops = diffDocuments(savedDocument, mine);
    // The room holds the revision this editor knows: the screen stays as it is, edits included.
    const moved = !jsonEqual(document, savedDocument);
    if (moved) actions().receiveRemote(document);
    if (ops.length && client && !store.getState().readOnly) {
      client.edit(ops, "Edits made before joining");
      if (moved) actions().receiveRemote(client.document() ?? document);
    }
  };

  return {
    connect() {
      client = createLiveClient({
        ...options,
        callbacks: {
          onWelcome: ({ you, revision, seq, readonly }) => {
            catchUp = !welcomed;
            welcomed = true;
            welcoming = true;
            savedSeq = seq;
            if (readonly) actions().setReadOnly(true);
            actions().setLive({ you, joined: true });
            if (revision > store.getState().record.revision) actions().liveSaved(revision, false);
          },
          onDocument: (change) => {
            if (change.origin === "remote") onRemoteDocument(change.document, welcoming);
            welcoming = false;
            actions().setLive({ unsaved: unsavedNow() });
          },
          onPeers: (peers) => actions().setLive({ peers }),
          onPresence: () => actions().setLive({ peers: client?.peers() ?? [] }),
          onSaved: ({ revision, seq }) => {
            savedSeq = Math.max(savedSeq, seq);
            const unsaved = unsavedNow();
            actions().liveSaved(revision, unsaved);
            if (!unsaved) settleWaiters();
          },
          onStatus: (status) => {
            if (!welcomed)
              return actions().setLive({ status: status === "offline" ? "unavailable" : status });
            // Offline, nobody is known to be there; the next welcome says who is.
            actions().setLive(status === "offline" ? { status, peers: [] } : { status });
            if (status === "live" || status === "readonly") presence();
          },
          onError: (error) => {
            // The right to edit was withdrawn during the session: the server refuses one's batches now.
            if (error.code === "readonly") actions().setReadOnly(true);
            if (error.code.startsWith("closed-")) {
              // Refused for good: the REST API saves from now on (and refuses what it must).
              welcomed = false;
              actions().setLive({ status: "unavailable", peers: [], joined: false });
              for (const resolve of waiters.splice(0)) resolve(null);
            }
            options.onProblem?.(error.message);
          },
        },
      });
      unsubscribers = [
        store.getState().actions.onLocalChange(send),
        store.subscribe((state, previous) => {
          if (state.selection !== previous.selection) presence();
        }),
      ];
      client.connect();
    },
    close() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      client?.close();
      client = null;
      welcomed = false;
      for (const resolve of waiters.splice(0)) resolve(null);
      actions().setLive({ status: "unavailable", peers: [], you: null, joined: false });
    },
    setCursor(next) {
      cursor = next;
      presence();
    },
    saved() {
      if (!unsavedNow()) return Promise.resolve(store.getState().record.revision);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== settle);
          resolve(null);
        }, SAVE_WAIT_MS);
        const settle = (revision: number | null) => {
          clearTimeout(timer);
          resolve(revision);
        };
        waiters.push(settle);
      });
    },
  };
}
