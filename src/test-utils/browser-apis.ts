/**
 * jsdom lacks IntersectionObserver, which @grafana/ui's Select menu uses to position itself.
 * A no-op observer is enough: jsdom does no layout, so there is nothing to observe.
 */
class NoopIntersectionObserver {
  readonly root = null;
  readonly rootMargin = '';
  readonly thresholds = [];
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

if (typeof window !== 'undefined' && !('IntersectionObserver' in window)) {
  Object.defineProperty(window, 'IntersectionObserver', { writable: true, value: NoopIntersectionObserver });
  Object.defineProperty(globalThis, 'IntersectionObserver', { writable: true, value: NoopIntersectionObserver });
}
