package dev.berth.control.registry;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code HEAD|GET|DELETE /v2/<name>/blobs/<digest>}: blobs are shared by every repository, so any
 * repository serves any stored blob. {@code GET} honours one {@code Range: bytes=a-b} and sends
 * the file with zero copy ({@code sendfile}) to a client across the network over plain HTTP, and
 * by copying it ({@link BlobCopy}) over TLS or to a client on this machine. {@code DELETE}
 * refuses blobs a manifest still refers to.
 */
@ApplicationScoped
public class BlobEndpoints {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  @Inject BlobStore blobs;
  @Inject RegistryMetadata metadata;

  /**
   * Serves a blob (HEAD or GET). A client that checks a blob with {@code HEAD} may be about to
   * refer to it, so that keeps it from garbage collection for a while ({@link BlobStore#touch}, a
   * metadata write, done off the event loop); a download ({@code GET}) only reads. A blob that is
   * not stored (the {@code HEAD} before each layer of a push) is answered at once, without the
   * hand-off to a worker.
   */
  public void get(RegistryCall call) {
    String digest = RepositoryName.checkDigest(call.reference());
    Optional<Path> found = blobs.find(digest);
    if (found.isPresent() && call.grant().isAnonymous()) {
      // Blobs are shared by every repository: without credentials, only those of this repository's
      // manifests, or anyone could read a private repository's layer through a public one.
      call.blocking(() -> metadata.refersTo(call.repository(), digest) ? found : Optional.<Path>empty())
          .onSuccess(path -> serve(call, digest, path)).onFailure(call::fail);
    } else if (found.isPresent() && call.routing().request().method() == HttpMethod.HEAD) {
      call.blocking(() -> blobs.touch(digest) ? blobs.find(digest) : Optional.<Path>empty())
          .onSuccess(path -> serve(call, digest, path)).onFailure(call::fail);
    } else {
      serve(call, digest, found);
    }
  }

  private void serve(RegistryCall call, String digest, Optional<Path> path) {
    if (path.isEmpty()) {
      call.fail(RegistryException.blobUnknown(digest));
      return;
    }
    long size = path.get().toFile().length();
    HttpServerResponse response = call.response()
        .putHeader("Docker-Content-Digest", digest)
        .putHeader("Content-Type", "application/octet-stream")
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("ETag", "\"" + digest + "\"");
    long offset = 0;
    long length = size;
    String range = call.routing().request().getHeader("Range");
    if (range != null) {
      Matcher matcher = RANGE.matcher(range.trim());
      long start = matcher.matches() && !matcher.group(1).isEmpty() ? Long.parseLong(matcher.group(1)) : -1;
      long end = matcher.matches() && !matcher.group(2).isEmpty() ? Long.parseLong(matcher.group(2)) : size - 1;
      if (start < 0 || start >= size || end < start) {
        response.putHeader("Content-Range", "bytes */" + size);
        call.fail(new RegistryException(416, "BLOB_UNKNOWN", "range not satisfiable: " + range));
        return;
      }
      offset = start;
      length = Math.min(end, size - 1) - start + 1;
      response.setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
    }
    if (call.routing().request().method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", Long.toString(length)).end();
    } else {
      HttpServerRequest request = call.routing().request();
      (request.isSSL() || fromThisMachine(request) ? BlobCopy.send(response, path.get(), offset, length)
          : response.sendFile(path.get().toString(), offset, length)).onFailure(call::fail);
    }
  }

  private static boolean fromThisMachine(HttpServerRequest request) {
    SocketAddress remote = request.connection().remoteAddress();
    if (remote == null || remote.host() == null) {
      return false;
    }
    try {
      return InetAddress.getByName(remote.host()).isLoopbackAddress(); // a literal address: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Deletes an unreferenced blob. */
  public void delete(RegistryCall call) {
    String digest = RepositoryName.checkDigest(call.reference());
    call.blocking(() -> {
      if (metadata.isReferenced(digest)) {
        throw RegistryException.denied("blob " + digest + " is referenced by a manifest: delete the manifests first");
      }
      if (!blobs.delete(digest)) {
        throw RegistryException.blobUnknown(digest);
      }
      return null;
    }).onSuccess(done -> call.response().setStatusCode(202).putHeader("Content-Length", "0").end())
        .onFailure(call::fail);
  }
}
