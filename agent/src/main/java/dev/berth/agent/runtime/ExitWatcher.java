package dev.berth.agent.runtime;

import dev.berth.util.Log;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.lang.System.Logger.Level;

/**
 * Notices container exits as they happen, so they are observed (and their {@code die} event
 * published) without anybody asking: one thread watches the exit directories of running
 * containers through inotify, and hands the container's id to {@code onChange} whenever conmon
 * writes there. Exits are still observed lazily too; {@code onChange} must be idempotent.
 */
final class ExitWatcher implements AutoCloseable {
  private static final System.Logger LOG = Log.of(ExitWatcher.class);

  /** What to do when a container's exit directory changed: look at its exit file (idempotent). */
  @FunctionalInterface
  interface ExitCheck {
    /** Checks container {@code id}. */
    void check(String id) throws IOException;
  }

  private final WatchService watcher;
  private final ExitCheck onChange;
  private final Map<WatchKey, String> ids = new ConcurrentHashMap<>();
  private final Thread thread;

  /** Starts watching; {@code onChange} runs on the watcher's thread with a container id. */
  ExitWatcher(ExitCheck onChange) throws IOException {
    this.watcher = FileSystems.getDefault().newWatchService();
    this.onChange = onChange;
    this.thread = new Thread(this::run, "container-exits");
    thread.setDaemon(true);
    thread.start();
  }

  /** Watches {@code dir}'s exit directory from now on, then checks once (it may have exited already). */
  void watch(ContainerDirectory dir) {
    try {
      ids.put(dir.exitDir().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY), dir.id());
    } catch (IOException | ClosedWatchServiceException e) {
      LOG.log(Level.DEBUG, "not watching the exit of " + dir.id(), e); // its exit is observed lazily
    }
    check(dir.id());
  }

  private void run() {
    while (true) {
      WatchKey key;
      try {
        key = watcher.take();
      } catch (InterruptedException | ClosedWatchServiceException closed) {
        return;
      }
      key.pollEvents();
      String id = ids.get(key);
      if (!key.reset()) {
        ids.remove(key); // the container's directory is gone
      }
      if (id != null) {
        check(id);
      }
    }
  }

  private void check(String id) {
    try {
      onChange.check(id);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not look at the exit of container " + id, e);
    }
  }

  /** Stops watching. */
  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing the exit watcher", e);
    }
    thread.interrupt();
  }
}
