import { useCallback, useEffect, useState } from 'react';
import { errorText } from './api';

export interface AsyncData<T> {
  value?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data when `key` changes (and on reload); stale results are discarded. `load` undefined means
 * "nothing to load" (e.g. no datasource). State is set only from promise callbacks.
 */
export function useAsyncData<T>(load: (() => Promise<T>) | undefined, key: string): AsyncData<T> {
  const [settled, setSettled] = useState<{ run?: string; value?: T; error?: string }>({});
  const [nonce, setNonce] = useState(0);
  const run = `${key}#${nonce}`;
  useEffect(() => {
    if (!load) {
      return;
    }
    let live = true;
    load().then(
      (value) => live && setSettled({ run, value }),
      (err) => live && setSettled({ run, error: errorText(err) })
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  if (!load) {
    return { loading: false, reload };
  }
  const current = settled.run === run;
  // Keep showing the previous value while reloading; errors only for the current run.
  return { value: settled.value, error: current ? settled.error : undefined, loading: !current, reload };
}
