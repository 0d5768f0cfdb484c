package dev.berth.agent.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** What the tests check of an extracted file, read with lstat (and getfattr for xattrs). */
record FileFacts(int mode, int uid, int gid, long inode, long rdev, FileTime mtime) {
  static final int S_IFMT = 0170000;

  static FileFacts of(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
    return new FileFacts((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
        (Long) a.get("ino"), (Long) a.get("rdev"), (FileTime) a.get("lastModifiedTime"));
  }

  int type() {
    return mode & S_IFMT;
  }

  int permissions() {
    return mode & 07777;
  }

  /** An xattr's value, or null; getfattr -h does not follow a symlink. */
  static String xattr(Path path, String name) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("getfattr", "-h", "--only-values", "-n", name, path.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    return p.waitFor() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
  }
}
