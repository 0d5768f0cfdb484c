package dev.berth.agent.state;

import dev.berth.storage.AtomicFiles;
import java.nio.file.Path;

/**
 * Where the agent keeps things on disk, below its data directory.
 *
 * <pre>
 * &lt;dataDir&gt;/                     default /var/lib/berth/agent
 * ├── content/                    blobs by sha256 (ContentStore)
 * ├── snapshots/                  unpacked layers by chain id, container snapshots (OverlaySnapshotter)
 * ├── tmp/images/                 archives being loaded (same file system, emptied at start)
 * └── state/                      small metadata, 0700; every file written with {@link AtomicFiles}
 *     ├── credential.json         0600 {"hostId": "…", "name": "…", "credential": "…"} from enrollment
 *     ├── engine-id               stable Docker engine ID (GET /info "ID"), one UUID line
 *     ├── images.json             images and references (ImageStore)
 *     └── jobs/
 *         └── &lt;job-uuid&gt;.json     outcome of a finished job: the exactly-once ledger, pruned after 7 days
 * </pre>
 *
 * <p>The engine will add {@code containers/<id>/} and {@code volumes/<name>/_data}; add them here
 * when they arrive.
 */
public record AgentLayout(Path dataDir) {

  /** Returns the layout rooted at {@code dataDir} (made absolute). */
  public AgentLayout {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** The directory of small metadata files. */
  public Path stateDir() {
    return dataDir.resolve("state");
  }

  /** The enrollment credential. */
  public Path credentialFile() {
    return stateDir().resolve("credential.json");
  }

  /** The stable Docker engine ID of this host. */
  public Path engineIdFile() {
    return stateDir().resolve("engine-id");
  }

  /** The content-addressed blob store. */
  public Path contentDir() {
    return dataDir.resolve("content");
  }

  /** The overlay snapshotter's root. */
  public Path snapshotsDir() {
    return dataDir.resolve("snapshots");
  }

  /** The image index. */
  public Path imagesFile() {
    return stateDir().resolve("images.json");
  }

  /** Where image archives are spooled while they load. */
  public Path imageSpoolDir() {
    return dataDir.resolve("tmp").resolve("images");
  }

  /** The ledger of finished jobs, one file per job id. */
  public Path jobsDir() {
    return stateDir().resolve("jobs");
  }
}
