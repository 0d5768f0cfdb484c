package dev.berth.agent.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars in memory for tests, entry by entry, with commons-compress. */
final class TarBuilder {
  // Commons Compress writes PAX times to 100 ns.
  static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.1234567Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  TarBuilder() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  TarBuilder dir(String name, int mode) {
    return add(entry(name, TarConstants.LF_DIR, mode), null);
  }

  TarBuilder file(String name, int mode, String content) {
    return add(entry(name, TarConstants.LF_NORMAL, mode), content.getBytes(StandardCharsets.UTF_8));
  }

  TarBuilder symlink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777);
    e.setLinkName(target);
    return add(e, null);
  }

  TarBuilder hardLink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644);
    e.setLinkName(target);
    return add(e, null);
  }

  TarBuilder device(String name, byte type, int major, int minor) {
    TarArchiveEntry e = entry(name, type, 0600);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return add(e, null);
  }

  /** Adds an entry after letting the test adjust it (owner, xattrs, times). */
  TarBuilder custom(String name, byte type, int mode, String content, Consumer<TarArchiveEntry> edit) {
    TarArchiveEntry e = entry(name, type, mode);
    edit.accept(e);
    return add(e, content == null ? null : content.getBytes(StandardCharsets.UTF_8));
  }

  byte[] build() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static TarArchiveEntry entry(String name, byte type, int mode) {
    // preserveAbsolutePath: keep the name exactly as given, so tests can craft "/etc/x".
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(mode);
    e.setLastModifiedTime(FileTime.from(MTIME));
    return e;
  }

  private TarBuilder add(TarArchiveEntry e, byte[] content) {
    try {
      if (content != null) {
        e.setSize(content.length);
      }
      tar.putArchiveEntry(e);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }
}
