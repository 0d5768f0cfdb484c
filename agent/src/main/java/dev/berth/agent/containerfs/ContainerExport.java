package dev.berth.agent.containerfs;

import dev.berth.agent.image.archive.TarWriter;
import dev.berth.agent.layer.DirectoryHandle;
import dev.berth.agent.layer.TreeArchiver;
import dev.berth.agent.runtime.ContainerFilesystem;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code docker export}: the container's root filesystem flattened into one uncompressed tar,
 * image layers and the container's changes together, as its overlay mount shows them. What is
 * mounted inside the container (/proc, /sys, /dev, bind mounts) is not there: the directories
 * they are mounted on are, empty.
 */
public final class ContainerExport {
  private ContainerExport() {}

  /** Writes the archive (entries named relative to the root, end marker included). */
  public static void write(ContainerFilesystem container, OutputStream out) throws IOException {
    try (DirectoryHandle root = DirectoryHandle.open(container.rootfs())) {
      TarWriter tar = new TarWriter(out);
      new TreeArchiver(tar).addContents(root);
      tar.finish();
    }
  }
}
