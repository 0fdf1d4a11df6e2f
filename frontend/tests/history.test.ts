import { describe, expect, it, vi } from "vitest";
import { createHistory } from "../src/lib/history";

describe("createHistory", () => {
  it("undoes and redoes steps in order", () => {
    // given three steps
    const history = createHistory(0);
    history.push(1, "one");
    history.push(2, "two");
    // when undoing twice and redoing once
    expect(history.undo()).toBe(1);
    expect(history.undo()).toBe(0);
    expect(history.redo()).toBe(1);
    // then the present and labels follow
    expect(history.present()).toBe(1);
    expect(history.undoLabel()).toBe("one");
    expect(history.redoLabel()).toBe("two");
  });

  it("drops the redo branch when a new step is pushed", () => {
    const history = createHistory("a");
    history.push("b");
    history.undo();
    history.push("c");
    expect(history.canRedo()).toBe(false);
    expect(history.undo()).toBe("a");
  });

  it("does nothing past either end", () => {
    const history = createHistory(5);
    expect(history.undo()).toBe(5);
    expect(history.redo()).toBe(5);
    expect(history.canUndo()).toBe(false);
  });

  it("keeps undo across a replace, as when a save returns the server's copy", () => {
    const history = createHistory({ n: 1 });
    history.push({ n: 2 });
    history.replace({ n: 2 });
    expect(history.canUndo()).toBe(true);
    expect(history.undo()).toEqual({ n: 1 });
  });

  it("forgets old steps beyond the limit", () => {
    const history = createHistory(0, { limit: 2 });
    [1, 2, 3, 4].forEach((n) => history.push(n));
    history.undo();
    history.undo();
    expect(history.canUndo()).toBe(false);
    expect(history.present()).toBe(2);
  });

  it("notifies subscribers and separate stores stay independent", () => {
    const first = createHistory(0);
    const second = createHistory(0);
    const listener = vi.fn();
    const unsubscribe = first.subscribe(listener);
    first.push(1);
    second.push(9);
    unsubscribe();
    first.push(2);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(second.present()).toBe(9);
    expect(first.version()).toBe(2);
  });

  it("takes remote changes without a step and rebases undo and redo onto them", () => {
    // given numbers as sets of digits: a step adds one, a rebase carries the same difference over
    const rebase = (present: string, from: string, to: string) =>
      [
        ...new Set(
          [...present]
            .filter((c) => !from.includes(c) || to.includes(c))
            .concat([...to].filter((c) => !from.includes(c))),
        ),
      ]
        .sort()
        .join("");
    const history = createHistory("1", { rebase });
    history.push("12", "add 2");
    // when someone else adds 3, then I undo and redo
    history.remote("123");
    expect(history.canUndo()).toBe(true);
    expect(history.undo()).toBe("13");
    expect(history.redo()).toBe("123");
  });

  it("undoes to the step's own snapshot when nothing else changed the present", () => {
    const before = { n: 1 };
    const history = createHistory(before, { rebase: () => ({ n: -1 }) });
    history.push({ n: 2 });
    expect(history.undo()).toBe(before);
  });
});
