import { useCallback, useEffect, useRef } from "react";
import { useStore } from "zustand";
import { api, ApiError } from "../../api/client";
import { diffColouring } from "../../lib/diff-colouring";
import type { LiveBinding } from "./live/live-binding";
import { isLive, saveStatusOf, type EditorStore } from "./store/editor-store";

const AUTOSAVE_MS = 2500;

export type Save = (base?: number) => Promise<number | null>;

/**
 * Saving the editor's document: autosave a few seconds after the last change, explicit saves,
 * and the conflict when someone else saved in between. Its state (record, status, conflict) lives
 * in the editor store; this hook makes the requests.
 *
 * Saves run one after another, each based on the revision the previous one made (read from the
 * store, updated the moment a save lands): our own saves never race each other into a 412. An
 * explicit save while another is in flight waits for it, then saves whatever changed since.
 *
 * In a live session the server saves the merged document itself (debounced): a save then waits for
 * that revision instead of writing one, and autosave stays off.
 */
export function useDesignSave(
  store: EditorStore,
  notify: (kind: "error", message: string) => void,
  live: LiveBinding | null = null,
) {
  const designId = store.getState().record.id;
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const saveOnce = useCallback(
    async (base: number | undefined): Promise<number | null> => {
      const { document: snapshot, savedDocument, record, readOnly, actions } = store.getState();
      if (live && isLive(store.getState())) {
        const revision = await live.saved();
        if (revision === null)
          notify("error", "The live session has not saved the latest edits yet; try again.");
        return revision;
      }
      if (readOnly || (base === undefined && snapshot === savedDocument)) return record.revision;
      actions.saveStarted();
      try {
        const saved = await api.saveDesign(designId, base ?? record.revision, snapshot);
        actions.saved(saved, snapshot);
        return saved.revision;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ApiError && error.status === 412) {
          try {
            const theirs = await api.design(designId);
            const diff = await api.diffToDocument(designId, theirs.revision, snapshot);
            actions.conflicted({ theirs, mine: snapshot, diff: diffColouring(diff, snapshot) });
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
    [designId, live, notify, store],
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
  const readOnly = useStore(store, (s) => s.readOnly);
  const liveSession = useStore(store, isLive);
  const dirty = status === "unsaved" && !liveSession;

  useEffect(() => {
    if (!dirty || readOnly) return;
    const timer = window.setTimeout(() => void save(), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [dirty, document, readOnly, save]);

  // In a live session the server saves what is left when the last person leaves: no warning then.
  const unsaved = useStore(store, (s) => !isLive(s) && s.document !== s.savedDocument);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  const takeTheirs = useCallback(() => {
    store.getState().actions.takeTheirs();
  }, [store]);

  const keepMine = useCallback(() => {
    const { conflict, actions } = store.getState();
    if (!conflict) return;
    actions.dismissConflict();
    void save(conflict.theirs.revision);
  }, [save, store]);

  return { save, takeTheirs, keepMine };
}
