/** A keyed cache of promises: one load per key however many callers ask; failures are retried. */
export interface AsyncCache<K, V> {
  get(key: K): Promise<V>;
  /** The value when it has already arrived, for a first render without a loading flash. */
  peek(key: K): V | undefined;
}

export function createAsyncCache<K, V>(load: (key: K) => Promise<V>): AsyncCache<K, V> {
  const pending = new Map<K, Promise<V>>();
  const done = new Map<K, V>();
  return {
    get(key) {
      const known = pending.get(key);
      if (known) return known;
      const promise = load(key).then(
        (value) => {
          done.set(key, value);
          return value;
        },
        (error: unknown) => {
          // A failed load must not stick: the next caller tries again.
          pending.delete(key);
          throw error;
        },
      );
      pending.set(key, promise);
      return promise;
    },
    peek: (key) => done.get(key),
  };
}
