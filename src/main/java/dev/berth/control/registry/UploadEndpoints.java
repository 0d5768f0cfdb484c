package dev.berth.control.registry;

import io.vertx.core.Future;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    call.blocking(() -> blobs.start(call.repository()))
        .compose(upload -> digest == null ? Future.succeededFuture(upload) : append(call, upload))
        .compose(upload -> digest == null ? Future.succeededFuture(upload)
            : call.blocking(() -> blobs.commit(upload, digest)).map(upload))
        .onSuccess(upload -> {
          if (digest != null) {
            created(call, digest);
          } else {
            accepted(call, upload, 0);
          }
        })
        .onFailure(call::fail);
  }

  /** {@code PATCH /v2/<name>/blobs/uploads/<id>}: appends a chunk, which must start where the upload ends. */
  public void patch(RegistryCall call) {
    call.blocking(() -> {
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
    }).compose(upload -> append(call, upload))
        .compose(upload -> call.blocking(upload::size).onSuccess(size -> accepted(call, upload, size)))
        .onFailure(call::fail);
  }

  /** {@code PUT /v2/<name>/blobs/uploads/<id>?digest=}: appends the last chunk (if any) and commits. */
  public void finish(RegistryCall call) {
    String digest = call.query("digest");
    call.blocking(() -> {
      RepositoryName.checkDigest(digest);
      return blobs.upload(call.repository(), call.reference());
    }).compose(upload -> append(call, upload))
        .compose(upload -> call.blocking(() -> blobs.commit(upload, digest)))
        .onSuccess(size -> created(call, digest))
        .onFailure(call::fail);
  }

  /** {@code GET /v2/<name>/blobs/uploads/<id>}: how far the upload got. */
  public void status(RegistryCall call) {
    call.blocking(() -> {
      BlobStore.Upload upload = blobs.upload(call.repository(), call.reference());
      return new Object[] {upload, upload.size()};
    }).onSuccess(state -> {
      BlobStore.Upload upload = (BlobStore.Upload) state[0];
      call.response().setStatusCode(204).putHeader("Location", location(call, upload))
          .putHeader("Range", RegistryCall.range((Long) state[1]))
          .putHeader("Docker-Upload-UUID", upload.id()).putHeader("Content-Length", "0").end();
    }).onFailure(call::fail);
  }

  /** {@code DELETE /v2/<name>/blobs/uploads/<id>}: cancels the upload. */
  public void cancel(RegistryCall call) {
    call.blocking(() -> {
      blobs.cancel(blobs.upload(call.repository(), call.reference()));
      return null;
    }).onSuccess(done -> call.response().setStatusCode(204).putHeader("Content-Length", "0").end())
        .onFailure(call::fail);
  }

  private Future<BlobStore.Upload> append(RegistryCall call, BlobStore.Upload upload) {
    HttpServerRequest request = call.routing().request();
    return call.blocking(() -> blobs.runningHash(upload))
        .compose(hash -> call.routing().vertx().fileSystem()
            .open(upload.data().toString(), new OpenOptions().setWrite(true).setAppend(true).setCreate(false))
            .map(file -> new HashingWriteStream(file, hash)))
        .compose(stream -> request.pipeTo(stream))
        .map(upload);
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
