/**
 * An undo/redo store over immutable snapshots; created by a factory so tests can make several.
 *
 * Each step remembers the snapshot before and after it. Undo puts the "before" back when nothing else
 * changed the present since; when something did (another person's edit arriving live, applied with
 * `remote`), undo instead rebases the step's inverse onto the present, so it reverts only what the step
 * changed and keeps everybody else's edits.
 */
export interface HistoryStore<T> {
  /** The current snapshot. */
  present(): T;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Record a new snapshot as one undoable step; the redo branch is dropped. */
  push(next: T, label?: string): void;
  /** Replace the present as part of the last step (typing into one field is one step). */
  replace(next: T): void;
  /** Someone else's change: becomes the present without entering undo or dropping redo. */
  remote(next: T): void;
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

interface Step<T> {
  before: T;
  after: T;
  label: string;
}

/**
 * Carry the change `from` -> `to` over onto `present` (which may hold other changes too). Without one,
 * history is a plain snapshot history: undo jumps to the step's "before".
 */
export type Rebase<T> = (present: T, from: T, to: T) => T;

export interface HistoryOptions<T> {
  /** Steps kept for undo; older ones are dropped. */
  limit?: number;
  rebase?: Rebase<T>;
}

export function createHistory<T>(initial: T, options: HistoryOptions<T> = {}): HistoryStore<T> {
  const limit = options.limit ?? 200;
  const rebase: Rebase<T> = options.rebase ?? ((_present, _from, to) => to);
  let past: Step<T>[] = [];
  let present = initial;
  let future: Step<T>[] = [];
  let counter = 0;
  const listeners = new Set<() => void>();

  const emit = () => {
    counter += 1;
    for (const listener of [...listeners]) listener();
  };
  // The step's own snapshot when nothing happened since (keeps identity), else the rebased change.
  const carry = (from: T, to: T) => (Object.is(present, from) ? to : rebase(present, from, to));

  return {
    present: () => present,
    canUndo: () => past.length > 0,
    canRedo: () => future.length > 0,
    push(next, label = "Edit") {
      if (Object.is(next, present)) return;
      past = [...past, { before: present, after: next, label }].slice(-limit);
      present = next;
      future = [];
      emit();
    },
    replace(next) {
      const last = past[past.length - 1];
      if (last) past = [...past.slice(0, -1), { ...last, after: next }];
      present = next;
      emit();
    },
    remote(next) {
      if (Object.is(next, present)) return;
      present = next;
      emit();
    },
    reset(next) {
      past = [];
      future = [];
      present = next;
      emit();
    },
    undo() {
      const step = past[past.length - 1];
      if (!step) return present;
      const before = present;
      present = carry(step.after, step.before);
      past = past.slice(0, -1);
      future = [{ before: present, after: before, label: step.label }, ...future];
      emit();
      return present;
    },
    redo() {
      const step = future[0];
      if (!step) return present;
      const before = present;
      present = carry(step.before, step.after);
      future = future.slice(1);
      past = [...past, { before, after: present, label: step.label }];
      emit();
      return present;
    },
    undoLabel: () => past[past.length - 1]?.label,
    redoLabel: () => future[0]?.label,
    version: () => counter,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
