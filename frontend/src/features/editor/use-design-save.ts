import { useCallback, useEffect, useRef } from "react";
import { useStore } from "zustand";
import { api, ApiError } from "../../api/client";
import { diffColouring } from "../../lib/diff-colouring";
import { saveStatusOf, type EditorStore } from "./store/editor-store";

const AUTOSAVE_MS = 2500;

export type Save = (base?: number) => Promise<number | null>;

/**
 * Saving the editor's document: autosave a few seconds after the last change, explicit saves,
 * and the conflict when someone else saved in between. Its state (record, status, conflict) lives
 * in the editor store; this hook makes the requests.
 *
 * Saves run one after another, each based on the revision the previous one made (kept in a ref,
 * so no callback reads a stale one): our own saves never race each other into a 412. An explicit
 * save while another is in flight waits for it, then saves whatever changed since.
 */
export function useDesignSave(store: EditorStore, notify: (kind: "error", message: string) => void) {
  const initial = store.getState().record;
  const readOnly = store.getState().readOnly;
  // What the server holds now: updated the moment a save lands, before any re-render.
  const server = useRef({ revision: initial.revision, document: initial.document });
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const saveOnce = useCallback(
    async (base: number | undefined): Promise<number | null> => {
      const { document: snapshot, actions } = store.getState();
      if (readOnly || (base === undefined && snapshot === server.current.document))
        return server.current.revision;
      actions.saveStarted();
      try {
        const saved = await api.saveDesign(initial.id, base ?? server.current.revision, snapshot);
        server.current = { revision: saved.revision, document: snapshot };
        actions.saved(saved, snapshot);
        return saved.revision;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ApiError && error.status === 412) {
          try {
            const theirs = await api.design(initial.id);
            actions.conflicted({ theirs, mine: snapshot, diff: diffColouring(theirs.document, snapshot) });
            return null;
          } catch (reload) {
            actions.saveFailed((reload as Error).message);
            notify(
              "error",
              `Someone saved a newer revision, and it could not be loaded: ${(reload as Error).message}`,
            );
            return null;
          }
        }
        actions.saveFailed(message);
        notify("error", `Not saved: ${message} Your changes are still here.`);
        return null;
      }
    },
    [initial.id, notify, readOnly, store],
  );

  /** Save now (after any save in flight); resolves to the saved revision, or null when it failed. */
  const save = useCallback<Save>(
    (base?: number) => {
      const run = queue.current.then(() => saveOnce(base));
      queue.current = run;
      return run;
    },
    [saveOnce],
  );

  const status = useStore(store, saveStatusOf);
  const document = useStore(store, (s) => s.document);
  const dirty = status === "unsaved";

  useEffect(() => {
    if (!dirty || readOnly) return;
    const timer = window.setTimeout(() => void save(), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [dirty, document, readOnly, save]);

  const unsaved = useStore(store, (s) => s.document !== s.savedDocument);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  const takeTheirs = useCallback(() => {
    const { conflict, actions } = store.getState();
    if (!conflict) return;
    server.current = { revision: conflict.theirs.revision, document: conflict.theirs.document };
    actions.takeTheirs();
  }, [store]);

  const keepMine = useCallback(() => {
    const { conflict, actions } = store.getState();
    if (!conflict) return;
    actions.dismissConflict();
    void save(conflict.theirs.revision);
  }, [save, store]);

  return { save, takeTheirs, keepMine };
}
