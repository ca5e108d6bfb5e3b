// A minimal listener set. A throwing listener must not break the pty's event
// loop or starve the other listeners, but must not vanish either: its error
// is rethrown on its own, where the process-wide handlers see it.
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  on(listener: (value: T) => void): () => void {
    // Wrapped so that subscribing the same function twice gives two subscriptions.
    const entry = (value: T): void => listener(value);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
