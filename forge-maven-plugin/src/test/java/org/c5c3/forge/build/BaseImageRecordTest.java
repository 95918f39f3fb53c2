package org.c5c3.forge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseImageRecordTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void everyFieldSurvivesAWriteAndARead(@TempDir Path dir) throws Exception {
    BaseImageRecord record = sample();
    record.reference = record.pinned();
    Path file = dir.resolve("target/forge/image.json");
    record.write(file);

    BaseImageRecord read = BaseImageRecord.read(file);
    assertEquals("python-base", read.name);
    assertEquals("ghcr.io/c5c3/python-base", read.repository);
    assertEquals("localhost/forge/python-base:build", read.localImage);
    assertEquals("/build/python-base.docker.tar", read.archive);
    assertEquals(DIGEST, read.digest);
    assertEquals("ghcr.io/c5c3/python-base@" + DIGEST, read.reference);
    assertEquals(List.of("3.12-noble", "0123abc"), read.tags);
    assertEquals("linux/amd64", read.platform);
    assertEquals("2025-10-01T12:00:00Z", read.created);
    assertEquals(Files.readString(file), writeAndRead(read, dir.resolve("again.json")));
  }

  @Test
  void anUnpushedRecordHasNoReferenceInItsJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("image.json");
    sample().write(file);
    assertFalse(Files.readString(file).contains("reference"), Files.readString(file));
    assertNull(BaseImageRecord.read(file).reference);
    assertTrue(Files.readString(file).contains("\"digest\" : \"" + DIGEST + "\""), Files.readString(file));
  }

  @Test
  void theRecordFeedsAPinnedBaseImageRef() {
    BaseImageRef ref = BaseImageRef.of(sample());
    assertEquals("ghcr.io/c5c3/python-base@" + DIGEST, ref.pinned());
    assertEquals("localhost/forge/python-base:build", ref.forEngine());
    assertEquals(Path.of("/build/python-base.docker.tar"), ref.forJib().tarball());
  }

  private static BaseImageRecord sample() {
    BaseImageRecord record = new BaseImageRecord();
    record.name = "python-base";
    record.repository = "ghcr.io/c5c3/python-base";
    record.localImage = "localhost/forge/python-base:build";
    record.archive = "/build/python-base.docker.tar";
    record.digest = DIGEST;
    record.tags = List.of("3.12-noble", "0123abc");
    record.platform = "linux/amd64";
    record.created = "2025-10-01T12:00:00Z";
    return record;
  }

  private static String writeAndRead(BaseImageRecord record, Path file) throws Exception {
    record.write(file);
    return Files.readString(file);
  }
}
