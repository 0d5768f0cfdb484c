package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.Descriptor;
import dev.berth.agent.registry.RegistryClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Downloads the layers of a pull that are not stored yet, {@value #PARALLEL} at once as dockerd
 * does, each verified and stored by the {@link ImageIngester}, reporting dockerd's steps per
 * layer: {@code Pulling fs layer}, {@code Waiting}, {@code Downloading} with bytes so far,
 * {@code Verifying Checksum}, {@code Download complete}. The first failure cancels the rest.
 */
final class LayerDownloads {
  /** How many layers download at once (dockerd's default {@code max-concurrent-downloads} is 3). */
  static final int PARALLEL = 3;
  private static final long REPORT_EVERY = 512 * 1024;

  private final ImageIngester ingester;

  LayerDownloads(ImageIngester ingester) {
    this.ingester = ingester;
  }

  /** One layer to fetch: its blob (digest and size) and the DiffID its content must have. */
  record Layer(Descriptor blob, Digest diffId) {
    String id() {
      return blob.parsedDigest().encoded().substring(0, 12);
    }
  }

  /** Downloads and stores every layer of {@code layers} from {@code repository}, under {@code lease}. */
  void fetch(RegistryClient registry, String repository, List<Layer> layers, ResourceLease lease,
      TransferProgress progress) throws IOException {
    for (Layer layer : layers) {
      progress.status(layer.id(), "Pulling fs layer");
    }
    for (int i = PARALLEL; i < layers.size(); i++) {
      progress.status(layers.get(i).id(), "Waiting");
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, layers.size())), runnable -> {
      Thread thread = new Thread(runnable, "layer-download");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Void>> downloads = new ArrayList<>();
      for (Layer layer : layers) {
        downloads.add(pool.submit(() -> {
          download(registry, repository, layer, lease, progress);
          return null;
        }));
      }
      for (Future<Void> download : downloads) {
        await(download);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void download(RegistryClient registry, String repository, Layer layer, ResourceLease lease,
      TransferProgress progress) throws IOException {
    String id = layer.id();
    long total = layer.blob().size();
    try (InputStream in = new Counting(registry.blob(repository, layer.blob().parsedDigest()), id, total, progress)) {
      ingester.storeLayer(in, layer.blob().parsedDigest(), layer.diffId(), lease);
    }
    progress.status(id, "Verifying Checksum");
    progress.status(id, "Download complete");
  }

  private static void await(Future<Void> download) throws IOException {
    try {
      download.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while downloading layers");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Reports {@code Downloading} every {@value #REPORT_EVERY} bytes read, and at the end. */
  private static final class Counting extends FilterInputStream {
    private final String id;
    private final long total;
    private final TransferProgress progress;
    private long read;
    private long reported;

    Counting(InputStream in, String id, long total, TransferProgress progress) {
      super(in);
      this.id = id;
      this.total = total;
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(n);
      return n;
    }

    private void count(int n) throws IOException {
      if (n > 0) {
        read += n;
      }
      if ((n < 0 && read > reported) || read - reported >= REPORT_EVERY) {
        reported = read;
        progress.progress(id, "Downloading", read, Math.max(total, read));
      }
    }
  }
}
