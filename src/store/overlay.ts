import type { StateStore } from '../core/ports.ts';

/**
 * A store with some methods replaced (a feature joining its own per-person data to export and
 * forget) and every other call passed to the real store, bound to it: stores are classes with
 * private state, so their methods must run on the original object.
 */
export function overlayStore(
  store: StateStore,
  overrides: Partial<Pick<StateStore, 'exportUser' | 'forgetUser'>>,
): StateStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const override = overrides[property as keyof typeof overrides];
      if (override) return override;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
