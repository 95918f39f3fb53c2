package org.c5c3.forge.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.model.Profile;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.build.ReleaseConstraints;
import org.c5c3.forge.build.ReleaseInputsCheck;
import org.c5c3.forge.constraints.UpperConstraintsFetcher;
import org.c5c3.forge.patch.PatchCheckReport;
import org.c5c3.forge.source.SourceCheckout;

/**
 * Dry-runs a service's patches and constraint overrides for every release its POM declares
 * (each profile with {@code forge.service.release}), prints a table, and fails if anything does
 * not apply. What a Renovate bump pull request runs: {@code mvn forge:check-patches}.
 */
@Mojo(name = "check-patches", threadSafe = true)
public class CheckPatchesMojo extends AbstractServiceMojo {

  @Override
  protected void run() {
    List<ReleaseInputsCheck.Target> targets = new ArrayList<>();
    for (Profile profile : project.getModel().getProfiles()) {
      Properties p = profile.getProperties();
      String release = p.getProperty("forge.service.release");
      String ref = p.getProperty("forge.source.ref");
      if (release != null && ref != null) {
        targets.add(new ReleaseInputsCheck.Target(release, sourceUrl, ref));
      }
    }
    if (targets.isEmpty()) {
      getLog().debug("not a service module (no release profiles): nothing to check");
      return;
    }
    UpperConstraintsFetcher fetcher = new UpperConstraintsFetcher(constraintsUrl, cache());
    PatchCheckReport report = new ReleaseInputsCheck(new SourceCheckout(cache()),
        patchLayout(),
        release -> new ReleaseConstraints(constraintsDir.toPath(), release, fetcher), work().resolve("check"))
        .check(service, targets, "-D" + service + ".source.url");
    getLog().info("patches and overrides of " + service + ":\n" + report.toTable());
    if (report.hasFailures()) {
      throw new ForgeException(report.failureCount() + " patch(es) or override file(s) of " + service
          + " do not apply; see the table above");
    }
  }

}
