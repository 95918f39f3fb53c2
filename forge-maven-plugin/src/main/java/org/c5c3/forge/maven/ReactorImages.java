package org.c5c3.forge.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.build.BaseImageRecord;

/**
 * How base images flow through the reactor: each base module writes {@code target/forge/image.json}
 * and downstream modules read it from the reactor project with the same artifactId. The modules
 * depend on each other in their POMs, so {@code -am} builds the bases first.
 */
final class ReactorImages {
  private ReactorImages() {}

  static final String RECORD = "forge/image.json";

  static void attach(MavenProject project, Path imageJson) {
    project.getProperties().setProperty("forge.image.json", imageJson.toString());
  }

  /** The image.json of reactor module {@code artifactId}; fails with what to do when absent. */
  static BaseImageRecord record(MavenSession session, String artifactId) {
    return find(session, artifactId).orElseThrow(() -> new ForgeException("base image module '" + artifactId
        + "' has not been built in this reactor. Build with -am (e.g. `mvn deploy -pl services/keystone -am`), or "
        + "pass its digest with -Dforge." + camel(artifactId) + ".image=<repository>@sha256:<hex>"));
  }

  static java.util.Optional<BaseImageRecord> find(MavenSession session, String artifactId) {
    for (MavenProject p : session.getProjects()) {
      if (p.getArtifactId().equals(artifactId)) {
        Path file = Path.of(p.getBuild().getDirectory()).resolve(RECORD);
        if (Files.isRegularFile(file)) {
          return java.util.Optional.of(BaseImageRecord.read(file));
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** python-base → pythonBase. */
  static String camel(String artifactId) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : artifactId.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
