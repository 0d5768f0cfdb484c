package dev.berth.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A tree as a list of lines to compare: per path its type, mode, owner, size, mtime, content hash,
 * symlink target, user xattrs (times to the second, as tar keeps them) and which earlier path it is a hard link of; the top directory too.
 */
public final class TreeSnapshot {
  private TreeSnapshot() {}

  /** The lines of {@code top}, sorted by path. */
  public static List<String> of(Path top) throws IOException {
    Map<Object, String> firstOfInode = new LinkedHashMap<>();
    TreeMap<String, String> lines = new TreeMap<>();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(top)) {
      paths = walk.sorted().toList();
    }
    for (Path path : paths) {
      String relative = "/" + top.relativize(path);
      Map<String, Object> attrs = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,ino,nlink",
          LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) attrs.get("mode");
      StringBuilder line = new StringBuilder(relative).append(' ').append(Integer.toOctalString(mode))
          .append(' ').append(attrs.get("uid")).append(':').append(attrs.get("gid"));
      if (Files.isSymbolicLink(path)) {
        line.append(" -> ").append(Files.readSymbolicLink(path));
      } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        line.append(' ').append(attrs.get("size")).append(' ').append(((java.nio.file.attribute.FileTime) attrs.get("lastModifiedTime")).toInstant().getEpochSecond()).append(' ')
            .append(sha256(path));
        if ((Integer) attrs.get("nlink") > 1) {
          String first = firstOfInode.putIfAbsent(attrs.get("ino"), relative);
          line.append(" links=").append(first == null ? "self" : first);
        }
        line.append(" xattrs=").append(xattrs(path));
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        line.append(" xattrs=").append(xattrs(path));
      }
      lines.put(relative, line.toString());
    }
    return new ArrayList<>(lines.values());
  }

  private static String xattrs(Path path) throws IOException {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    TreeMap<String, String> values = new TreeMap<>();
    for (String name : view.list()) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(view.size(name));
      view.read(name, buffer);
      values.put(name, new String(buffer.array(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return values.toString();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
