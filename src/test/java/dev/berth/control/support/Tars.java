package dev.berth.control.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tar archives for request bodies, made by the system's {@code tar}. */
public final class Tars {
  private Tars() {}

  /** A tar archive holding one file {@code name} with {@code content}. */
  public static byte[] ofOneFile(String name, byte[] content) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("berth-tar");
    try {
      Files.write(dir.resolve(name), content);
      Process tar = new ProcessBuilder("tar", "-cf", "-", "-C", dir.toString(), name).start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      tar.getInputStream().transferTo(out);
      if (tar.waitFor() != 0) {
        throw new IOException("tar failed with exit status " + tar.exitValue());
      }
      return out.toByteArray();
    } finally {
      Files.deleteIfExists(dir.resolve(name));
      Files.deleteIfExists(dir);
    }
  }
}
