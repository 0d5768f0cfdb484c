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
 * ├── containers/&lt;id&gt;/            one directory per container, also its runc bundle (ContainerDirectory)
 * ├── volumes/&lt;name&gt;/             one directory per volume: volume.json and _data/ (VolumeStore)
 * ├── runtime/
 * │   ├── runc/                   runc's state root (absolute, no symlinks)
 * │   └── sockets/&lt;id&gt;            conmon's short links to the containers' attach sockets
 * ├── tmp/images/                 archives being loaded (same file system, emptied at start)
 * ├── events/events.log[.1]       engine events, JSON lines, appended and rotated (EventJournal)
 * └── state/                      small metadata, 0700; every file written with {@link AtomicFiles}
 *     ├── credential.json         0600 {"hostId": "…", "name": "…", "credential": "…"} from enrollment
 *     ├── agent.key, agent.crt    0600 the agent's key pair and client certificate from Berth's CA (tls.AgentTls)
 *     ├── agent.key.next, agent.crt.next  0600 a renewed pair on its way in (tls.AgentTls, tls.CertificateRenewal)
 *     ├── ca.crt                  0600 the pinned certificates the control plane is verified against
 *     ├── engine-id               stable Docker engine ID (GET /info "ID"), one UUID line
 *     ├── images.json             images and references (ImageStore)
 *     ├── blob-sources.json       repositories each blob was pulled from or pushed to (registry.BlobSources)
 *     ├── network/&lt;bridge&gt;.json    addresses and host ports of the bridge's containers (network.Allocations)
 *     ├── network/&lt;prefix&gt;-networks.json  user-defined networks and their members (network.NetworkStore)
 *     └── jobs/
 *         └── &lt;job-uuid&gt;.json     outcome of a finished job: the exactly-once ledger, pruned after 7 days
 * </pre>
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

  /** The agent's private key (see {@code tls.AgentTls}). */
  public Path agentKeyFile() {
    return stateDir().resolve("agent.key");
  }

  /** The agent's client certificate from Berth's CA. */
  public Path agentCertificateFile() {
    return stateDir().resolve("agent.crt");
  }

  /** The pinned certificates the control plane is verified against. */
  public Path pinnedCaFile() {
    return stateDir().resolve("ca.crt");
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

  /** One directory per container. */
  public Path containersDir() {
    return dataDir.resolve("containers");
  }

  /** One directory per volume. */
  public Path volumesDir() {
    return dataDir.resolve("volumes");
  }

  /** runc's state root and conmon's socket links. */
  public Path runtimeDir() {
    return dataDir.resolve("runtime");
  }

  /** The image index. */
  public Path imagesFile() {
    return stateDir().resolve("images.json");
  }

  /** Which registry repositories hold which blobs, for cross-repository mounts on push. */
  public Path blobSourcesFile() {
    return stateDir().resolve("blob-sources.json");
  }

  /** Where image archives are spooled while they load. */
  public Path imageSpoolDir() {
    return dataDir.resolve("tmp").resolve("images");
  }

  /** The engine events' journal (the previous one beside it, suffixed {@code .1}). */
  public Path eventsJournal() {
    return dataDir.resolve("events").resolve("events.log");
  }

  /** The ledger of finished jobs, one file per job id. */
  public Path jobsDir() {
    return stateDir().resolve("jobs");
  }
}
