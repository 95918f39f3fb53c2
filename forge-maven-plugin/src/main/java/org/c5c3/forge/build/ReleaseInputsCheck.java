package org.c5c3.forge.build;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.constraints.EffectiveConstraints;
import org.c5c3.forge.patch.LibraryPatchSet;
import org.c5c3.forge.patch.PatchApplier;
import org.c5c3.forge.patch.PatchCheckReport;
import org.c5c3.forge.patch.PatchCheckReport.Row;
import org.c5c3.forge.patch.PatchLayout;
import org.c5c3.forge.patch.PatchSeries;
import org.c5c3.forge.source.CheckedOutSource;
import org.c5c3.forge.source.SourceCheckout;

/**
 * The {@code check-patches} dry run for one service: for each release it checks the upstream ref
 * out, tries every service and library patch without keeping the result, and applies the
 * release's constraint overrides to upstream. Nothing is built; what does not apply becomes a
 * FAILED row, so one run shows everything a Renovate bump broke.
 */
public final class ReleaseInputsCheck {

  /** One release of the service: where its source is. */
  public record Target(String release, String sourceUrl, String ref) {}

  private final SourceCheckout checkout;
  private final PatchLayout patches;
  private final Function<String, ReleaseConstraints> constraints;
  private final Path workDir;

  public ReleaseInputsCheck(SourceCheckout checkout, PatchLayout patches,
      Function<String, ReleaseConstraints> constraints, Path workDir) {
    this.checkout = checkout;
    this.patches = patches;
    this.constraints = constraints;
    this.workDir = workDir;
  }

  public PatchCheckReport check(String service, List<Target> targets, String urlProperty) {
    PatchCheckReport report = new PatchCheckReport();
    PatchApplier applier = new PatchApplier();
    for (Target t : targets) {
      PatchSeries series = patches.servicePatches(service, t.release());
      Path tree = workDir.resolve(t.release()).resolve(service);
      checkSeries(report, applier, service, t.release(), t.sourceUrl(), t.ref(), tree, series, urlProperty);
      for (LibraryPatchSet lib : patches.libraryPatches(t.release())) {
        checkSeries(report, applier, lib.library(), t.release(), lib.url(), lib.ref(),
            workDir.resolve(t.release()).resolve("libs").resolve(lib.library()), lib.series(),
            "url= in patches/" + lib.library() + "/library.properties");
      }
      try {
        EffectiveConstraints effective = constraints.apply(t.release()).effective();
        report.add(new Row("constraints", t.release(), "overrides.txt", PatchCheckReport.OK,
            effective.changes().size() + " change(s)"));
      } catch (ForgeException e) {
        report.add(new Row("constraints", t.release(), "overrides.txt", PatchCheckReport.FAILED, oneLine(e)));
      }
    }
    return report;
  }

  private void checkSeries(PatchCheckReport report, PatchApplier applier, String component, String release,
      String url, String ref, Path tree, PatchSeries series, String urlProperty) {
    if (series.isEmpty()) {
      return;
    }
    CheckedOutSource source;
    try {
      source = checkout.checkout(url, ref, tree, urlProperty);
    } catch (ForgeException e) {
      report.add(new Row(component, release, "(checkout " + ref + ")", PatchCheckReport.FAILED, oneLine(e)));
      return;
    }
    report.check(applier, source.workTree(), series);
  }

  private static String oneLine(ForgeException e) {
    return e.getMessage().replace('\n', ' ');
  }
}
