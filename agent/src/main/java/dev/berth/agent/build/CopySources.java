package dev.berth.agent.build;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.GoPathPattern;
import dev.berth.agent.layer.Compression;
import dev.berth.agent.layer.DirectoryHandle;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The files a COPY or ADD puts into the image, as a tar of their paths in the image (no leading
 * {@code /}), spooled to a file, with its checksum for the build cache. Docker's rules: sources
 * are resolved inside the source root (the context or a stage's root filesystem: symlinks and
 * {@code ..} never leave it, a path above it is refused), wildcards match with Go's
 * {@code filepath.Match}, a directory's contents are copied (not the directory), a file lands in
 * the destination directory when the destination ends in {@code /} or there are several sources,
 * else at the destination itself. Local tar archives given to ADD (any compression, detected by
 * content) are set apart to be extracted instead.
 */
final class CopySources implements AutoCloseable {
  private final Path tar;
  private final Digest checksum;
  private final List<Path> archives;
  private final String kind;

  private CopySources(Path tar, Digest checksum, List<Path> archives, String kind) {
    this.tar = tar;
    this.checksum = checksum;
    this.archives = archives;
    this.kind = kind;
  }

  /** Resolves {@code sources} under {@code root} for {@code dest} (absolute) and spools the tar into {@code tmpDir}. */
  static CopySources collect(String keyword, Path root, List<String> sources, String dest, Optional<Integer> chmod,
      boolean extractArchives, Path tmpDir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryHandle handle = DirectoryHandle.open(root)) {
      for (String source : sources) {
        found.addAll(resolve(keyword, root, handle, source));
      }
    }
    boolean intoDirectory = dest.endsWith("/") || sources.size() > 1 || found.size() > 1;
    if (sources.size() > 1 && !dest.endsWith("/")) {
      throw new BuildFailedException("When using " + keyword
          + " with more than one source file, the destination must be a directory and end with a /");
    }
    String destDir = trimSlash(dest);
    Files.createDirectories(tmpDir);
    Path spool = Files.createTempFile(tmpDir, "copy-", ".tar");
    List<Path> archives = new ArrayList<>();
    MessageDigest sha256 = Digest.newSha256();
    try (OutputStream file = Files.newOutputStream(spool);
        TarArchiveOutputStream out = new TarArchiveOutputStream(new DigestOutputStream(file, sha256))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path path : found) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> walk = Files.walk(path)) {
            for (Path inside : walk.sorted().toList()) {
              if (!inside.equals(path)) {
                entry(out, inside, destDir + "/" + path.relativize(inside), chmod);
              }
            }
          }
        } else if (extractArchives && isTarArchive(path)) {
          archives.add(path);
          try (InputStream in = Files.newInputStream(path)) {
            sha256.update(in.readAllBytes());
          }
        } else {
          entry(out, path, intoDirectory || isDirectoryDest(dest) ? destDir + "/" + path.getFileName() : destDir, chmod);
        }
      }
      out.finish();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spool);
      throw e;
    }
    String kind = found.size() > 1 ? "multi" : Files.isDirectory(found.get(0), LinkOption.NOFOLLOW_LINKS) ? "dir" : "file";
    return new CopySources(spool, Digest.fromHash(sha256.digest()), archives, kind);
  }

  /** The tar of the files, paths relative to the image's root. */
  Path tar() {
    return tar;
  }

  /** The ADD sources to extract into the destination directory. */
  List<Path> archives() {
    return archives;
  }

  /** How the history names the sources: {@code file:<sha256>}, {@code dir:…} or {@code multi:…}. */
  String description() {
    return kind + ":" + checksum.encoded();
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(tar);
  }

  static String trimSlash(String dest) {
    String trimmed = dest.replaceAll("/+$", "");
    return trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
  }

  private static boolean isDirectoryDest(String dest) {
    return dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".");
  }

  private static List<Path> resolve(String keyword, Path root, DirectoryHandle handle, String source) throws IOException {
    String clean = Path.of("/").resolve(source).normalize().toString();
    if (Path.of(source).normalize().startsWith("..")) {
      throw new BuildFailedException(keyword + " failed: forbidden path outside the build context: " + source + " ()");
    }
    if (source.matches(".*[*?\\[].*")) {
      Pattern glob = glob(clean.substring(1));
      List<Path> matches = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path path : walk.sorted().toList()) {
          if (!path.equals(root) && glob.matcher(root.relativize(path).toString()).matches()) {
            matches.add(located(root, handle, "/" + root.relativize(path)).orElseThrow());
          }
        }
      }
      if (matches.isEmpty()) {
        throw new BuildFailedException(keyword + " failed: no source files were specified");
      }
      return matches;
    }
    return List.of(located(root, handle, clean).orElseThrow(() -> new BuildFailedException(keyword
        + " failed: file not found in build context or excluded by .dockerignore: stat " + source
        + ": file does not exist")));
  }

  // Where the path leads with symlinks followed inside the root, as a host path.
  private static Optional<Path> located(Path root, DirectoryHandle handle, String path) throws IOException {
    Optional<String> inRoot = handle.locateInRoot(path);
    return inRoot.map(p -> p.equals("/") ? root : root.resolve(p.substring(1)));
  }

  // Go's filepath.Match, as dockerd matches COPY/ADD sources.
  static Pattern glob(String pattern) {
    try {
      return GoPathPattern.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new BuildFailedException("syntax error in pattern");
    }
  }

  private static void entry(TarArchiveOutputStream out, Path path, String name, Optional<Integer> chmod)
      throws IOException {
    PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    TarArchiveEntry entry;
    if (attributes.isSymbolicLink()) {
      entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
      entry.setLinkName(Files.readSymbolicLink(path).toString());
    } else if (attributes.isDirectory()) {
      entry = new TarArchiveEntry(name + "/");
    } else if (attributes.isRegularFile()) {
      entry = new TarArchiveEntry(name);
      entry.setSize(attributes.size());
    } else {
      return; // devices, sockets and fifos are not copied
    }
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    entry.setMode((entry.isSymbolicLink() ? 0120000 : entry.isDirectory() ? 040000 : 0100000)
        | chmod.filter(m -> !entry.isSymbolicLink()).orElse(mode));
    entry.setModTime(attributes.lastModifiedTime().toMillis());
    entry.setUserId(0);
    entry.setGroupId(0);
    out.putArchiveEntry(entry);
    if (attributes.isRegularFile()) {
      try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
        in.transferTo(out);
      }
    }
    out.closeArchiveEntry();
  }

  // A tar, plain or compressed: "ustar" at offset 257 of the (decompressed) start.
  private static boolean isTarArchive(Path file) throws IOException {
    try (InputStream in = Compression.decompress(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] head = in.readNBytes(512);
      return head.length == 512 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
    } catch (IOException notDecompressible) {
      return false;
    }
  }

}
