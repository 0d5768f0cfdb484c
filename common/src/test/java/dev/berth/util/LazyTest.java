package dev.berth.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

  @Test
  void makesTheValueOnFirstUseOnly() {
    AtomicInteger made = new AtomicInteger();
    Lazy<Object> lazy = Lazy.of(() -> {
      made.incrementAndGet();
      return new Object();
    });
    assertEquals(0, made.get());
    Object first = lazy.get();
    assertSame(first, lazy.get());
    assertEquals(1, made.get());
  }

  @Test
  void threadsAskingAtOnceGetOneValue() throws Exception {
    AtomicInteger made = new AtomicInteger();
    Lazy<Object> lazy = Lazy.of(() -> {
      made.incrementAndGet();
      return new Object();
    });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> values = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        values.add(pool.submit(() -> {
          start.await();
          return lazy.get();
        }));
      }
      start.countDown();
      for (Future<Object> value : values) {
        assertSame(values.get(0).get(), value.get());
      }
      assertEquals(1, made.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailureIsThrownAndTheNextCallTriesAgain() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("not yet");
      }
      return "made";
    });
    assertThrows(IllegalStateException.class, lazy::get);
    assertEquals("made", lazy.get());
    assertEquals(2, calls.get());
  }

  @Test
  void aFactoryReturningNullIsRefused() {
    assertThrows(NullPointerException.class, Lazy.of(() -> null)::get);
  }
}
