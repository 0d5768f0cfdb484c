package dev.berth.agent.volume.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.berth.agent.AgentVersion;
import dev.berth.agent.image.archive.TarWriter;
import dev.berth.agent.layer.DirectoryHandle;
import dev.berth.agent.layer.FileStat;
import dev.berth.agent.layer.TreeArchiver;
import dev.berth.agent.layer.TreeWalker;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.volume.Volume;
import dev.berth.agent.volume.VolumeService;
import dev.berth.backup.BackupArchive;
import dev.berth.backup.BackupManifest;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Backs up a volume into a {@link BackupArchive}: its {@code _data} as a tar (the root as
 * {@code ./}, owners, modes, xattrs, symlinks, hard links, devices: {@link TreeArchiver}),
 * compressed with zstd level 1 on two worker threads (faster than {@code gzip -1} on one core,
 * and {@code tar --zstd} reads it), then the manifest trailer. Users are paused or stopped for
 * the duration as the {@link BackupMode} says.
 */
public final class VolumeBackup {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LEVEL = 1;
  private static final int WORKERS = 2;
  private static final int BUFFER = 1 << 20;

  private final VolumeService volumes;
  private final ContainerRuntime containers;
  private final Supplier<String> hostName;

  /** Backs up volumes of {@code volumes}, holding their users through {@code containers}. */
  public VolumeBackup(VolumeService volumes, ContainerRuntime containers, Supplier<String> hostName) {
    this.volumes = volumes;
    this.containers = containers;
    this.hostName = hostName;
  }

  /** Checks that {@code name} exists (before an answer starts); the volume's 404 otherwise. */
  public Volume check(String name) throws IOException {
    return volumes.get(name);
  }

  /** Writes the backup of volume {@code name} to {@code out} (not closed); returns its manifest. */
  public BackupManifest write(String name, BackupMode mode, OutputStream out) throws IOException {
    Volume volume = volumes.get(name);
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    List<String> users = volumes.usersByVolume().getOrDefault(name, List.of());
    long[] counts = new long[2]; // files, bytes
    Set<Long> linked = new HashSet<>(); // inodes with several names: their bytes count once
    try (QuiescedUsers held = QuiescedUsers.hold(containers, users, mode);
        DirectoryHandle root = DirectoryHandle.open(volumes.dataDir(name))) {
      OutputStream compressed = compressor(out);
      TarWriter tar = new TarWriter(compressed);
      TreeArchiver archiver = new TreeArchiver(tar);
      archiver.addRoot(root, "./");
      counts[0]++;
      TreeWalker.walk(root, "", (parent, entry, relative, stat) -> {
        if (archiver.add(parent, entry, stat, "./" + relative)) {
          count(counts, stat, linked);
        }
        return true;
      });
      tar.finish();
      compressed.close();
    }
    BackupManifest manifest = new BackupManifest(hostName.get(), name, volume.labelsOrEmpty(), counts[1], counts[0],
        startedAt, AgentVersion.current(), BackupArchive.FORMAT, mode.wireName());
    BackupArchive.writeTrailer(out, JSON.writeValueAsBytes(manifest));
    out.flush();
    return manifest;
  }

  private static void count(long[] counts, FileStat stat, Set<Long> linked) {
    counts[0]++;
    if (stat.isRegularFile() && (stat.links() == 1 || linked.add(stat.inode()))) {
      counts[1] += stat.size();
    }
  }

  // zstd frames into out, leaving out open for the trailer.
  private static OutputStream compressor(OutputStream out) throws IOException {
    OutputStream unclosable = new FilterOutputStream(out) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
    ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(new BufferedOutputStream(unclosable, BUFFER), LEVEL);
    zstd.setWorkers(WORKERS);
    zstd.setChecksum(true);
    return new BufferedOutputStream(zstd, BUFFER);
  }
}
