package dev.berth.util;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on its first use, then kept: for parts a process may never need, so that it does
 * not load their classes or hold their memory until then (the agent's idle footprint is a goal).
 * Thread-safe: the value is made once, by the first caller; others wait for it. A failure to make
 * it is thrown to that caller and the next one tries again.
 *
 * @param <T> the value's type
 */
public final class Lazy<T> implements Supplier<T> {
  private Supplier<? extends T> factory;
  private volatile T value;

  private Lazy(Supplier<? extends T> factory) {
    this.factory = factory;
  }

  /** The value {@code factory} makes, made on the first {@link #get()}; the factory must not return null. */
  public static <T> Lazy<T> of(Supplier<? extends T> factory) {
    return new Lazy<>(Objects.requireNonNull(factory));
  }

  @Override
  public T get() {
    T made = value;
    if (made != null) {
      return made;
    }
    synchronized (this) {
      if (value == null) {
        value = Objects.requireNonNull(factory.get(), "a lazy value's factory returned null");
        factory = null; // what it captured can go
      }
      return value;
    }
  }
}
