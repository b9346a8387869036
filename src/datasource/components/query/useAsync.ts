import { useEffect, useState } from 'react';

export interface AsyncState<T> {
  value: T | undefined;
  loading: boolean;
  error: string | undefined;
}

/**
 * Runs `load` whenever `key` changes; results of stale runs are ignored. State is only set from the
 * promise callbacks; `loading` is derived (the last settled key differs from the current one).
 */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> {
  const [settled, setSettled] = useState<{ key?: string; value?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setSettled({ key, value }),
      (err: unknown) => live && setSettled({ key, error: errorMessage(err) })
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const current = settled.key === key;
  return { value: settled.value, loading: !current, error: current ? settled.error : undefined };
}

export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { data?: { message?: string }; message?: string; statusText?: string };
    return e.data?.message ?? e.message ?? e.statusText ?? 'Request failed';
  }
  return String(err);
}
