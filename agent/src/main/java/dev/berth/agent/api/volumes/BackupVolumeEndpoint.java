package dev.berth.agent.api.volumes;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.volume.backup.BackupMode;
import dev.berth.agent.volume.backup.VolumeBackup;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * {@code GET /berth/volumes/{name}/backup?mode=live|pause|stop}: Berth's own, not Docker's: the
 * volume's backup archive ({@code application/zstd}, see {@code BackupArchive}) streamed as it is
 * made. 404 no such volume and 400 a bad mode before the first byte; a failure after it ends the
 * stream short (the archive then fails its checks on restore).
 */
final class BackupVolumeEndpoint implements DockerEndpoint {
  private static final int BUFFER = 1 << 18;

  private final VolumeBackup backup;

  BackupVolumeEndpoint(VolumeBackup backup) {
    this.backup = backup;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = pathVariables.get("name");
    BackupMode mode;
    try {
      mode = BackupMode.of(request.queryParam("mode").orElse(null));
    } catch (IllegalArgumentException bad) {
      throw new DockerApiException(400, bad.getMessage());
    }
    VolumeErrors.on(() -> backup.check(name));
    StreamedBody body = new StreamedBody(response, 200, "application/zstd");
    // StreamedBody flushes every write: batch them, or each tar header would be a link frame.
    OutputStream out = new BufferedOutputStream(body, BUFFER);
    try {
      backup.write(name, mode, out);
      out.flush();
    } catch (IOException | RuntimeException e) {
      if (!body.started()) {
        throw VolumeErrors.of(e);
      }
      throw e;
    }
    body.close();
  }
}
