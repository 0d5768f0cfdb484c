package dev.berth.agent.layer;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Creates small regular files on worker threads while the caller reads on through the archive:
 * in an extraction most of the time is the kernel creating files, one at a time, and a tar's many
 * small files are independent of each other. Each file's content is copied into a native slot (so
 * the reader can move on) and a worker creates it exactly as {@link EntryWriter} would: parent
 * opened beneath the target without symlinks (a {@link TargetTree} of its own), the leaf created
 * with O_EXCL and O_NOFOLLOW, metadata through the descriptor.
 *
 * <p>Order is kept where it matters: the caller {@link #awaitIfPending waits} before touching a
 * path a worker has not finished (the same name twice, a hard link to it), and {@link #barrier
 * waits for every worker} before anything is cleared. A file that a worker finds already there is
 * handed back and made again, in archive order, by the caller at the next barrier (later entries
 * win, as with tar).
 */
final class BackgroundFiles implements AutoCloseable {
  /** Files up to this size go to the workers; larger ones are written by the caller. */
  static final int SLOT = 1 << 16;
  private static final int SLOTS = 64;

  private final DirectoryHandle root;
  private final BlockingQueue<Memory> free = new ArrayBlockingQueue<>(SLOTS);
  private final BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(SLOTS + 8);
  private final List<Thread> workers = new ArrayList<>();
  // Guarded by this: paths being made, jobs handed back, the first failure, work not finished.
  private final Map<String, Integer> pending = new HashMap<>();
  private final List<Job> handedBack = new ArrayList<>();
  private IOException failure;
  private int inFlight;
  private long sequence;
  private volatile int generation;

  /** A file to make: where, what, and its content in {@code slot}. */
  record Job(long sequence, int generation, String relative, TarArchiveEntry entry, Map<String, byte[]> xattrs,
      Memory slot, int length) {}

  /** What the caller does with a file a worker found already there. */
  interface Redo {
    /** Makes the file again, clearing what is there first. */
    void redo(Job job) throws IOException;
  }

  private static final Job STOP = new Job(-1, 0, "", null, Map.of(), null, 0);

  /** Starts {@code count} workers creating files under {@code root} (the caller keeps it open until close). */
  BackgroundFiles(DirectoryHandle root, int count) {
    this.root = root;
    for (int i = 0; i < SLOTS; i++) {
      free.add(new Memory(SLOT));
    }
    for (int i = 0; i < count; i++) {
      Thread worker = new Thread(this::work, "extract-files-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  /**
   * Reads the file's content ({@code entry.getSize()} at most {@link #SLOT}) and hands it to a
   * worker; waits for a free slot, with a {@link #barrier} when files handed back hold some.
   */
  void submit(String relative, TarArchiveEntry entry, Map<String, byte[]> xattrs, InputStream content, Redo redo)
      throws IOException {
    Memory slot = free.poll();
    while (slot == null) {
      boolean handed;
      synchronized (this) {
        handed = !handedBack.isEmpty();
      }
      if (handed) {
        barrier(redo); // frees every slot
      }
      try {
        slot = free.poll(10, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while extracting");
      }
    }
    int length = 0;
    try {
      byte[] bytes = content.readNBytes((int) entry.getSize());
      slot.write(0, bytes, 0, bytes.length);
      length = bytes.length;
    } catch (IOException | RuntimeException e) {
      free.add(slot);
      throw e;
    }
    Job job;
    synchronized (this) {
      throwFailure();
      pending.merge(relative, 1, Integer::sum);
      inFlight++;
      job = new Job(sequence++, generation, relative, entry, xattrs, slot, length);
    }
    jobs.add(job); // never full: at most SLOTS jobs hold a slot
  }

  /** Waits for the workers if one of them is still making {@code relative} or one of its parents. */
  void awaitIfPending(String relative, Redo redo) throws IOException {
    boolean busy = false;
    synchronized (this) {
      for (String path = relative; !busy && !path.isEmpty(); path = LayerPath.parent(path)) {
        busy = pending.containsKey(path);
      }
    }
    if (busy) {
      barrier(redo);
    }
  }

  /**
   * Waits until every file handed over is made, then makes again (through {@code redo}, in archive
   * order) those the workers found already there; throws a worker's failure.
   */
  void barrier(Redo redo) throws IOException {
    List<Job> again;
    synchronized (this) {
      while (inFlight > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while extracting");
        }
      }
      throwFailure();
      again = new ArrayList<>(handedBack);
      handedBack.clear();
    }
    again.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    try {
      for (Job job : again) {
        redo.redo(job);
      }
    } finally {
      synchronized (this) {
        for (Job job : again) {
          done(job);
        }
      }
    }
  }

  /** Makes the workers drop the directories they hold open: the caller removed some. */
  void forgetDirectories() {
    generation++;
  }

  /** Stops the workers (files not yet made are dropped) and waits for them. */
  @Override
  public void close() {
    jobs.clear();
    for (int i = 0; i < workers.size(); i++) {
      jobs.add(STOP);
    }
    boolean interrupted = false;
    for (Thread worker : workers) {
      while (true) {
        try {
          worker.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    TargetTree tree = new TargetTree(root);
    int seen = generation;
    try {
      while (true) {
        Job job = jobs.take();
        if (job == STOP) {
          return;
        }
        if (job.generation() != seen) {
          tree.close();
          tree = new TargetTree(root);
          seen = job.generation();
        }
        IOException failed = null;
        boolean taken = false;
        try {
          make(tree, job);
        } catch (FileAlreadyExistsException e) {
          taken = true;
        } catch (IOException e) {
          failed = e;
        } catch (RuntimeException e) {
          failed = new IOException(e.toString(), e);
        }
        synchronized (this) {
          if (taken) {
            handedBack.add(job);
          } else {
            if (failed != null && failure == null) {
              failure = failed;
            }
            done(job);
          }
          inFlight--;
          notifyAll();
        }
      }
    } catch (InterruptedException | IOException stopped) {
      // closing
    } finally {
      try {
        tree.close();
      } catch (IOException ignored) {
        // only descriptors of this worker's own
      }
    }
  }

  /** Makes the job's file in {@code tree}; throws FileAlreadyExistsException if something is there. */
  static void make(TargetTree tree, Job job) throws IOException {
    DirectoryHandle parent = tree.parentOf(job.relative());
    try (OpenFile file = OpenFile.createFile(parent, LayerPath.baseName(job.relative()))) {
      file.write(job.slot(), job.length());
      EntryMetadata.applyOwnership(file, job.entry(), job.xattrs());
      long[] times = EntryMetadata.times(job.entry());
      file.setTimes(times[0], times[1]);
    }
  }

  // Guarded by this.
  private void done(Job job) {
    pending.computeIfPresent(job.relative(), (path, count) -> count == 1 ? null : count - 1);
    free.add(job.slot());
  }

  private void throwFailure() throws IOException {
    if (failure != null) {
      throw new IOException(failure.getMessage(), failure);
    }
  }
}
