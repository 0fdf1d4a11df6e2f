/** An undo/redo store over immutable snapshots; created by a factory so tests can make several. */
export interface HistoryStore<T> {
  /** The current snapshot. */
  present(): T;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Record a new snapshot as one undoable step; the redo branch is dropped. */
  push(next: T, label?: string): void;
  /** Replace the present without an undo step (e.g. the server's normalised copy). */
  replace(next: T): void;
  /** Forget every step and start again from this snapshot (opening another design). */
  reset(next: T): void;
  undo(): T;
  redo(): T;
  /** Label of the step that undo would revert, for menus and toasts. */
  undoLabel(): string | undefined;
  redoLabel(): string | undefined;
  /** Monotonic counter, bumped on every change; useful as a React external-store snapshot. */
  version(): number;
  subscribe(listener: () => void): () => void;
}

interface Entry<T> {
  value: T;
  label: string;
}

export interface HistoryOptions {
  /** Steps kept for undo; older ones are dropped. */
  limit?: number;
}

export function createHistory<T>(initial: T, options: HistoryOptions = {}): HistoryStore<T> {
  const limit = options.limit ?? 200;
  let past: Entry<T>[] = [];
  let current: Entry<T> = { value: initial, label: "" };
  let future: Entry<T>[] = [];
  let counter = 0;
  const listeners = new Set<() => void>();

  const emit = () => {
    counter += 1;
    for (const listener of [...listeners]) listener();
  };

  return {
    present: () => current.value,
    canUndo: () => past.length > 0,
    canRedo: () => future.length > 0,
    push(next, label = "Edit") {
      if (Object.is(next, current.value)) return;
      past = [...past, current].slice(-limit);
      current = { value: next, label };
      future = [];
      emit();
    },
    replace(next) {
      current = { ...current, value: next };
      emit();
    },
    reset(next) {
      past = [];
      future = [];
      current = { value: next, label: "" };
      emit();
    },
    undo() {
      const previous = past[past.length - 1];
      if (!previous) return current.value;
      past = past.slice(0, -1);
      future = [current, ...future];
      current = previous;
      emit();
      return current.value;
    },
    redo() {
      const next = future[0];
      if (!next) return current.value;
      future = future.slice(1);
      past = [...past, current];
      current = next;
      emit();
      return current.value;
    },
    undoLabel: () => (past.length > 0 ? current.label : undefined),
    redoLabel: () => future[0]?.label,
    version: () => counter,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
