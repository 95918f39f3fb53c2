package org.c5c3.forge.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchCheckReportTest {

  @TempDir Path tmp;

  @Test
  void checksSeveralSeriesIntoOneTable() throws IOException {
    Path patches = tmp.resolve("forge/patches");
    GitFixture service = GitFixture.init(tmp.resolve("keystone"));
    service.write("keystone/a.py", "A = 1\n");
    String serviceBase = service.commit("base");
    service.write("keystone/a.py", "A = 2\n");
    service.commit("Service fix");
    service.formatPatch(serviceBase + "..HEAD", patches.resolve("keystone/2025.2"));
    service.resetHard(serviceBase);

    GitFixture library = GitFixture.init(tmp.resolve("oslo.messaging"));
    library.write("oslo_messaging/rpc.py", "RETRIES = 1\n");
    String libraryBase = library.commit("base");
    library.write("oslo_messaging/rpc.py", "RETRIES = 5\n");
    library.commit("Retry more");
    library.formatPatch(libraryBase + "..HEAD", patches.resolve("oslo.messaging/2025.2"));
    library.resetHard(libraryBase);
    library.write("oslo_messaging/rpc.py", "RETRIES = 3\n");
    library.commit("upstream changed the line");

    PatchApplier applier = new PatchApplier();
    PatchCheckReport report = new PatchCheckReport();
    List<PatchCheckReport.Row> rows = report.check(applier, service.dir,
        PatchSeries.load(patches, "keystone", "2025.2"));
    assertFalse(rows.get(0).failed());
    assertFalse(report.hasFailures());
    report.check(applier, library.dir, PatchSeries.load(patches, "oslo.messaging", "2025.2"));

    assertTrue(report.hasFailures());
    assertEquals(1, report.failureCount());
    assertEquals(
        "COMPONENT       RELEASE  PATCH                   STATUS  PROBLEM\n"
            + "keystone        2025.2   0001-Service-fix.patch  ok\n"
            + "oslo.messaging  2025.2   0001-Retry-more.patch   FAILED  hunk #1 (@@ -1 +1 @@) does not apply"
            + " to oslo_messaging/rpc.py\n",
        report.toTable());
    assertEquals("", service.status());
    assertEquals("", library.status());
  }

  @Test
  void emptyReportIsJustTheHeading() {
    assertEquals("COMPONENT  RELEASE  PATCH  STATUS  PROBLEM\n", new PatchCheckReport().toTable());
  }
}
