package org.c5c3.forge.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceptedVulnerabilitiesTest {
  @Test
  void readsIdsOptionalPackagesAndReasons() {
    AcceptedVulnerabilities a = AcceptedVulnerabilities.parse("f.txt",
        "# comment\n\nCVE-2024-1  # why one\nGHSA-abcd-efgh-ijkl urllib3 # why two\n");
    assertEquals(2, a.entries().size());
    assertEquals(new AcceptedVulnerabilities.Acceptance("GHSA-abcd-efgh-ijkl", "urllib3", "why two", "f.txt:4"),
        a.entries().get(1));
  }

  @Test
  void everyBadLineIsNamedByFileAndLine() {
    ForgeException e = assertThrows(ForgeException.class, () -> AcceptedVulnerabilities.parse("f.txt",
        "CVE-2024-1\nCVE-2024-2 # ok\nCVE-2024-2 # again\nnot valid here # x\n"));
    assertTrue(e.getMessage().contains("f.txt:1: accepting CVE-2024-1 needs a reason after '#'"), e.getMessage());
    assertTrue(e.getMessage().contains("f.txt:3: CVE-2024-2 is already accepted at f.txt:2"), e.getMessage());
    assertTrue(e.getMessage().contains("f.txt:4: 'not valid here # x' is not"), e.getMessage());
  }

  @Test
  void aMissingFileAcceptsNothing(@TempDir Path dir) {
    assertEquals(0, AcceptedVulnerabilities.read(dir.resolve("none.txt")).entries().size());
  }
}
