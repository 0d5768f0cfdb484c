package dev.berth.agent.localapi;

import dev.berth.util.Log;
import dev.berth.agent.api.DockerApiRouter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's own Docker Engine API on a unix domain socket (default {@code /run/berth/docker.sock}),
 * so tools on the host talk to the engine directly, as they would to dockerd:
 * {@code DOCKER_HOST=unix:///run/berth/docker.sock docker ps}. It also keeps working while the
 * control plane is away. HTTP/1.1 with blocking I/O, one thread per connection (at most
 * {@link #MAX_CONNECTIONS}; more wait to be accepted); see {@link HttpConnection}.
 */
public final class LocalApiServer implements AutoCloseable {
  /** Connections served at once. */
  public static final int MAX_CONNECTIONS = 1024;
  private static final System.Logger LOG = Log.of(LocalApiServer.class);

  private final SocketFile file;
  private final ServerSocketChannel listener;
  private final DockerApiRouter router;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger served = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "docker-socket-" + served.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean closed;

  private LocalApiServer(SocketFile file, ServerSocketChannel listener, DockerApiRouter router) {
    this.file = file;
    this.listener = listener;
    this.router = router;
  }

  /** Serves {@code router} on a unix socket at {@code path}, replacing a stale one. */
  public static LocalApiServer start(Path path, DockerApiRouter router) throws IOException {
    SocketFile file = new SocketFile(path);
    file.prepare();
    ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      listener.bind(UnixDomainSocketAddress.of(path), 128);
    } catch (IOException e) {
      listener.close();
      throw new IOException("cannot serve the Docker API on " + path + ": " + e.getMessage(), e);
    }
    try {
      file.restrict();
    } catch (IOException e) {
      listener.close();
      file.remove();
      throw e;
    }
    LocalApiServer server = new LocalApiServer(file, listener, router);
    Thread acceptor = new Thread(server::accept, "docker-socket-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** The socket's path. */
  public Path path() {
    return file.path();
  }

  private void accept() {
    while (!closed) {
      SocketChannel connection;
      try {
        slots.acquire();
        connection = listener.accept();
      } catch (InterruptedException | ClosedChannelException stop) {
        return;
      } catch (IOException e) {
        slots.release();
        LOG.log(Level.WARNING, "local API: accept failed: " + e);
        pause();
        continue;
      }
      open.add(connection);
      if (closed) {
        closeQuietly(connection);
        return;
      }
      threads.execute(() -> {
        try {
          new HttpConnection(connection, router).run();
        } finally {
          open.remove(connection);
          slots.release();
        }
      });
    }
  }

  private static void closeQuietly(SocketChannel connection) {
    try {
      connection.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100); // e.g. out of file descriptors: let some close
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops accepting, ends open connections and removes the socket file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      listener.close();
      open.forEach(LocalApiServer::closeQuietly);
      file.remove();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "local API: closing " + file.path() + ": " + e);
    }
    threads.shutdownNow();
  }
}
