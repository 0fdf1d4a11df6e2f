import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { api, ApiError } from "../../api/client";
import type { DesignDocument, DesignRecord } from "../../api/contract";
import { diffColouring, type DiffColouring } from "../../lib/diff-colouring";
import type { HistoryStore } from "../../lib/history";

const AUTOSAVE_MS = 2500;

export type SaveStatus = "saved" | "unsaved" | "saving" | "error" | "conflict";

export interface Conflict {
  theirs: DesignRecord;
  mine: DesignDocument;
  diff: DiffColouring;
}

/**
 * Saving the editor's document: autosave a few seconds after the last change, explicit saves,
 * and the conflict when someone else saved in between.
 *
 * Saves run one after another, each based on the revision the previous one made (kept in a ref,
 * so no callback reads a stale one): our own saves never race each other into a 412. An explicit
 * save while another is in flight waits for it, then saves whatever changed since.
 */
export function useDesignSave(
  initial: DesignRecord,
  history: HistoryStore<DesignDocument>,
  notify: (kind: "error", message: string) => void,
) {
  const readOnly = !initial.can_edit;
  const document = useSyncExternalStore(history.subscribe, history.present);
  const [record, setRecord] = useState(initial);
  const [savedDoc, setSavedDoc] = useState<DesignDocument>(initial.document);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>("saved");
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // What the server holds now: updated the moment a save lands, before any re-render.
  const server = useRef({ revision: initial.revision, document: initial.document });
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const saveOnce = useCallback(
    async (base: number | undefined): Promise<number | null> => {
      const snapshot = history.present();
      if (readOnly || (base === undefined && snapshot === server.current.document))
        return server.current.revision;
      setSaveStatus("saving");
      try {
        const saved = await api.saveDesign(initial.id, base ?? server.current.revision, snapshot);
        server.current = { revision: saved.revision, document: snapshot };
        setRecord((r) => ({ ...saved, can_edit: r.can_edit }));
        setSavedDoc(snapshot);
        setSaveStatus("saved");
        setSaveError(null);
        return saved.revision;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ApiError && error.status === 412) {
          try {
            const theirs = await api.design(initial.id);
            setConflict({ theirs, mine: snapshot, diff: diffColouring(theirs.document, snapshot) });
            setSaveStatus("conflict");
            return null;
          } catch (reload) {
            setSaveStatus("error");
            setSaveError((reload as Error).message);
            notify(
              "error",
              `Someone saved a newer revision, and it could not be loaded: ${(reload as Error).message}`,
            );
            return null;
          }
        }
        setSaveStatus("error");
        setSaveError(message);
        notify("error", `Not saved: ${message} Your changes are still here.`);
        return null;
      }
    },
    [history, initial.id, notify, readOnly],
  );

  /** Save now (after any save in flight); resolves to the saved revision, or null when it failed. */
  const save = useCallback(
    (base?: number): Promise<number | null> => {
      const run = queue.current.then(() => saveOnce(base));
      queue.current = run;
      return run;
    },
    [saveOnce],
  );

  const dirty = document !== savedDoc;
  const status: SaveStatus = saveStatus === "saved" && dirty ? "unsaved" : saveStatus;

  useEffect(() => {
    if (!dirty || readOnly || saveStatus !== "saved") return;
    const timer = window.setTimeout(() => void save(), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [dirty, document, readOnly, save, saveStatus]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  /** An edit after a failed save lets autosave try again; a conflict waits for the user. */
  const edited = useCallback(
    () => setSaveStatus((s) => (s === "conflict" || s === "saving" ? s : "saved")),
    [],
  );

  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    const { theirs } = conflict;
    server.current = { revision: theirs.revision, document: theirs.document };
    history.push(theirs.document, "Reload their revision");
    setSavedDoc(theirs.document);
    setRecord((r) => ({ ...r, revision: theirs.revision }));
    setConflict(null);
    setSaveStatus("saved");
  }, [conflict, history]);

  const keepMine = useCallback(() => {
    if (!conflict) return;
    setConflict(null);
    void save(conflict.theirs.revision);
  }, [conflict, save]);

  const setVisibility = useCallback((visibility: DesignRecord["visibility"]) => {
    setRecord((r) => ({ ...r, visibility }));
  }, []);

  return {
    document,
    record,
    readOnly,
    status,
    saveError,
    conflict,
    save,
    edited,
    takeTheirs,
    keepMine,
    dismissConflict: () => setConflict(null),
    setVisibility,
  };
}
