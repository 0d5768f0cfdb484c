package dev.berth.control.registry;

import io.vertx.core.Future;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob uploads, {@code /v2/<name>/blobs/uploads/[<id>]}: monolithic ({@code POST ?digest=}),
 * {@code POST} then {@code PUT}, chunked ({@code PATCH}es with {@code Content-Range} in order,
 * then {@code PUT ?digest=}), progress ({@code GET}), cancel ({@code DELETE}) and cross-repository
 * mount ({@code POST ?mount=&from=}). Bodies stream to the upload's file on disk (see
 * {@link BlobStore}), never held in memory.
 */
@ApplicationScoped
public class UploadEndpoints {
  private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes )?(\\d+)-(\\d+)(?:/.*)?");
  @Inject BlobStore blobs;

  /** {@code POST /v2/<name>/blobs/uploads/}: mount, monolithic upload, or start a session. */
  public void start(RegistryCall call) {
    String mount = call.query("mount");
    String digest = call.query("digest");
    if (mount != null && blobs.touch(RepositoryName.checkDigest(mount))) {
      created(call, mount);
      return;
    }
    if (digest != null) {
      RepositoryName.checkDigest(digest);
    }
    if (digest == null) {
      call.blocking(() -> blobs.start(call.repository()))
          .onSuccess(upload -> accepted(call, upload, 0)).onFailure(call::fail);
      return;
    }
    append(call, () -> blobs.start(call.repository()))
        .compose(progress -> call.blocking(() -> blobs.commit(progress.upload(), digest)))
        .onSuccess(size -> created(call, digest))
        .onFailure(call::fail);
  }

  /** {@code PATCH /v2/<name>/blobs/uploads/<id>}: appends a chunk, which must start where the upload ends. */
  public void patch(RegistryCall call) {
    append(call, () -> {
      BlobStore.Upload upload = blobs.upload(call.repository(), call.reference());
      String contentRange = call.routing().request().getHeader("Content-Range");
      if (contentRange != null) {
        Matcher matcher = CONTENT_RANGE.matcher(contentRange.trim());
        long size = upload.size();
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) != size) {
          call.response().putHeader("Range", RegistryCall.range(size))
              .putHeader("Location", location(call, upload));
          throw new RegistryException(416, "BLOB_UPLOAD_INVALID",
              "chunk " + contentRange + " does not start at the end of the upload (" + size + " bytes)");
        }
      }
      return upload;
    }).onSuccess(progress -> accepted(call, progress.upload(), progress.size())).onFailure(call::fail);
  }

  /** {@code PUT /v2/<name>/blobs/uploads/<id>?digest=}: appends the last chunk (if any) and commits. */
  public void finish(RegistryCall call) {
    String digest = call.query("digest");
    RepositoryName.checkDigest(digest);
    append(call, () -> blobs.upload(call.repository(), call.reference()))
        .compose(progress -> call.blocking(() -> blobs.commit(progress.upload(), digest)))
        .onSuccess(size -> created(call, digest))
        .onFailure(call::fail);
  }

  /** {@code GET /v2/<name>/blobs/uploads/<id>}: how far the upload got. */
  public void status(RegistryCall call) {
    call.blocking(() -> {
      BlobStore.Upload upload = blobs.upload(call.repository(), call.reference());
      return new Progress(upload, upload.size());
    }).onSuccess(progress -> call.response().setStatusCode(204).putHeader("Location", location(call, progress.upload()))
        .putHeader("Range", RegistryCall.range(progress.size()))
        .putHeader("Docker-Upload-UUID", progress.upload().id()).putHeader("Content-Length", "0").end())
        .onFailure(call::fail);
  }

  /** {@code DELETE /v2/<name>/blobs/uploads/<id>}: cancels the upload. */
  public void cancel(RegistryCall call) {
    call.blocking(() -> {
      blobs.cancel(blobs.upload(call.repository(), call.reference()));
      return null;
    }).onSuccess(done -> call.response().setStatusCode(204).putHeader("Content-Length", "0").end())
        .onFailure(call::fail);
  }

  /** An upload and how many bytes it holds. */
  private record Progress(BlobStore.Upload upload, long size) {}

  /** An upload opened to append a request's body (null: the request has none). */
  private record Opened(Progress before, HashingWriteStream stream) {}

  /**
   * Appends the request's body, if it has one, to the upload {@code find} names (run off the event
   * loop, with opening the upload's file: one hand-off to a worker).
   */
  private Future<Progress> append(RegistryCall call, Callable<BlobStore.Upload> find) {
    HttpServerRequest request = call.routing().request();
    boolean body = hasBody(request);
    return call.blocking(() -> {
      BlobStore.Upload upload = find.call();
      Progress before = new Progress(upload, upload.size());
      return new Opened(before, body ? new HashingWriteStream(call.routing().vertx().fileSystem().openBlocking(
          upload.data().toString(), new OpenOptions().setWrite(true).setAppend(true).setCreate(false)),
          blobs.runningHash(upload), () -> call.blocking(() -> blobs.writeBack(upload))) : null);
    }).compose(opened -> {
      if (opened.stream() == null) {
        request.resume(); // nothing to read: let the request end
        return Future.succeededFuture(opened.before());
      }
      return RequestBody.copy(request, opened.stream()).map(done -> new Progress(opened.before().upload(),
          opened.before().size() + opened.stream().written()));
    });
  }

  /** Whether a request carries a body (a final {@code PUT} usually does not). */
  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      return !length.trim().equals("0");
    }
    return request.version() == HttpVersion.HTTP_2 || request.getHeader("Transfer-Encoding") != null;
  }

  private static void created(RegistryCall call, String digest) {
    call.response().setStatusCode(201)
        .putHeader("Location", "/v2/" + call.repository() + "/blobs/" + digest)
        .putHeader("Docker-Content-Digest", digest).putHeader("Content-Length", "0").end();
  }

  private static void accepted(RegistryCall call, BlobStore.Upload upload, long size) {
    call.response().setStatusCode(202).putHeader("Location", location(call, upload))
        .putHeader("Range", RegistryCall.range(size))
        .putHeader("Docker-Upload-UUID", upload.id()).putHeader("Content-Length", "0").end();
  }

  private static String location(RegistryCall call, BlobStore.Upload upload) {
    return "/v2/" + call.repository() + "/blobs/uploads/" + upload.id();
  }
}
