package dev.berth.agent.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.berth.agent.content.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying real layer tars: every entry type and its metadata, whiteouts, DiffIDs. Runs as root. */
@Tag("root")
class LayerApplierAsRootTest {
  private static final FileTime MTIME = FileTime.from(TarBuilder.MTIME);

  @TempDir Path target;

  @Test
  void preservesEveryEntryTypeWithOwnersModesTimesAndXattrs() throws Exception {
    byte[] tar = new TarBuilder()
        .custom("./etc/", TarConstants.LF_DIR, 01777, null, e -> e.setIds(10, 20))
        .custom("etc/setuid", TarConstants.LF_NORMAL, 04755, "hello", e -> {
          e.setIds(1000, 2000);
          e.addPaxHeader("SCHILY.xattr.user.note", "kept");
          e.addPaxHeader("SCHILY.xattr.trusted.secret", "t");
        })
        .custom("etc/setgid", TarConstants.LF_NORMAL, 02711, "", e -> e.setIds(0, 50))
        .hardLink("etc/hard", "etc/setuid")
        .symlink("etc/link", "setuid")
        .device("dev/null", TarConstants.LF_CHR, 1, 3)
        .device("dev/sda", TarConstants.LF_BLK, 8, 0)
        .device("dev/fifo", TarConstants.LF_FIFO, 0, 0)
        .build();
    new LayerApplier().apply(new ByteArrayInputStream(tar), target);

    FileFacts etc = FileFacts.of(target.resolve("etc"));
    assertEquals(01777, etc.permissions());
    assertEquals(10, etc.uid());
    assertEquals(20, etc.gid());
    assertEquals(MTIME, etc.mtime(), "directory mtime set after its content was created");

    Path setuid = target.resolve("etc/setuid");
    FileFacts file = FileFacts.of(setuid);
    assertEquals("hello", Files.readString(setuid));
    assertEquals(04755, file.permissions(), "setuid survives chown");
    assertEquals(1000, file.uid());
    assertEquals(2000, file.gid());
    assertEquals(MTIME, file.mtime());
    assertEquals("kept", FileFacts.xattr(setuid, "user.note"));
    assertEquals("t", FileFacts.xattr(setuid, "trusted.secret"));
    assertEquals(02711, FileFacts.of(target.resolve("etc/setgid")).permissions());
    assertEquals(50, FileFacts.of(target.resolve("etc/setgid")).gid());

    assertEquals(file.inode(), FileFacts.of(target.resolve("etc/hard")).inode());
    Path link = target.resolve("etc/link");
    assertEquals(Paths.get("setuid"), Files.readSymbolicLink(link));
    assertEquals(MTIME, FileFacts.of(link).mtime(), "symlink's own mtime");

    FileFacts nul = FileFacts.of(target.resolve("dev/null"));
    assertEquals(0020000, nul.type());
    assertEquals(0x103, nul.rdev());
    assertEquals(0600, nul.permissions());
    assertEquals(0060000, FileFacts.of(target.resolve("dev/sda")).type());
    assertEquals(0x800, FileFacts.of(target.resolve("dev/sda")).rdev());
    assertEquals(0010000, FileFacts.of(target.resolve("dev/fifo")).type());
    assertEquals(0755, FileFacts.of(target.resolve("dev")).permissions(), "implicit parent");
  }

  @Test
  void recordsWhiteoutsAsOverlayCharacterDevices() throws Exception {
    byte[] tar = new TarBuilder()
        .dir("etc", 0755)
        .file("etc/gone", 0644, "from this same layer, replaced by the whiteout")
        .file("etc/.wh.gone", 0644, "")
        .file("etc/.wh.from-lower", 0644, "")
        .file(".wh..wh.plnk", 0644, "")
        .build();
    new LayerApplier().apply(new ByteArrayInputStream(tar), target);

    for (String name : new String[] {"etc/gone", "etc/from-lower"}) {
      FileFacts whiteout = FileFacts.of(target.resolve(name));
      assertEquals(0020000, whiteout.type(), name);
      assertEquals(0, whiteout.rdev(), name);
    }
    assertFalse(Files.exists(target.resolve("etc/.wh.gone"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(target.resolve(".wh..wh.plnk"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void marksOpaqueDirectoriesWithTheOverlayXattr() throws Exception {
    byte[] tar = new TarBuilder().dir("var", 0755).dir("var/cache", 0700)
        .file("var/cache/.wh..wh..opq", 0644, "").file("var/cache/new", 0644, "n").build();
    new LayerApplier().apply(new ByteArrayInputStream(tar), target);

    assertEquals("y", FileFacts.xattr(target.resolve("var/cache"), "trusted.overlay.opaque"));
    assertNull(FileFacts.xattr(target.resolve("var"), "trusted.overlay.opaque"));
    assertFalse(Files.exists(target.resolve("var/cache/.wh..wh..opq")));
    assertEquals(0700, FileFacts.of(target.resolve("var/cache")).permissions());
  }

  @Test
  void laterDuplicateEntryWinsAndExistingDirectoriesAreKept() throws Exception {
    Files.createDirectory(target.resolve("keep"));
    Files.writeString(target.resolve("keep/old"), "old");
    byte[] tar = new TarBuilder()
        .file("f", 0644, "first").file("f", 0600, "second")
        .file("d", 0644, "a file, then a directory").dir("d", 0750)
        .dir("x", 0755).file("x/inner", 0644, "i").symlink("x", "elsewhere")
        .dir("keep", 0711)
        .build();
    new LayerApplier().apply(new ByteArrayInputStream(tar), target);

    assertEquals("second", Files.readString(target.resolve("f")));
    assertEquals(0600, FileFacts.of(target.resolve("f")).permissions());
    assertTrue(Files.isDirectory(target.resolve("d"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(Paths.get("elsewhere"), Files.readSymbolicLink(target.resolve("x")));
    assertEquals("old", Files.readString(target.resolve("keep/old")));
    assertEquals(0711, FileFacts.of(target.resolve("keep")).permissions());
  }

  @Test
  void diffIdIsTheSha256OfTheWholeUncompressedStreamInEveryCompression() throws Exception {
    byte[] tar = new TarBuilder().dir("a", 0755).file("a/b", 0644, "x".repeat(100_000)).build();
    // Extra zero blocks after the end marker, as some writers leave: part of the DiffID too.
    byte[] padded = Arrays.copyOf(tar, tar.length + 10240);
    AppliedLayer expected = new AppliedLayer(Digest.of(padded), padded.length);

    assertEquals(expected, apply(padded, "plain"));
    assertEquals(expected, apply(compress(padded, GZIPOutputStream::new), "gzip"));
    assertEquals(expected, apply(compress(padded, ZstdOutputStream::new), "zstd"));
    assertEquals(expected, apply(compress(padded, BZip2CompressorOutputStream::new), "bzip2"));
    assertEquals(expected, apply(compress(padded, XZCompressorOutputStream::new), "xz"));
  }

  @Test
  void decompressesEachFormatToTheSameBytes() throws Exception {
    byte[] data = "layer bytes ".repeat(1000).getBytes();
    assertArrayEquals(data, Compression.decompress(new ByteArrayInputStream(data)).readAllBytes());
    assertArrayEquals(data, Compression.decompress(
        new ByteArrayInputStream(compress(data, GZIPOutputStream::new))).readAllBytes());
    assertArrayEquals(data, Compression.decompress(
        new ByteArrayInputStream(compress(data, ZstdOutputStream::new))).readAllBytes());
    assertArrayEquals(new byte[0], Compression.decompress(new ByteArrayInputStream(new byte[0])).readAllBytes());
  }

  @Test
  void truncatedCompressedLayerFailsInsteadOfHanging() throws Exception {
    byte[] tar = new TarBuilder().file("f", 0644, "y".repeat(200_000)).build();
    byte[] gzip = compress(tar, GZIPOutputStream::new);
    byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
    org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> apply(truncated, "cut"));
  }

  private AppliedLayer apply(byte[] layer, String name) throws IOException {
    return new LayerApplier().apply(new ByteArrayInputStream(layer), Files.createDirectory(target.resolve(name)));
  }

  interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] data, Compressor compressor) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = compressor.wrap(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
