package org.c5c3.forge.maven;

import java.nio.file.Files;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.build.ServiceBuild;
import org.c5c3.forge.image.VenvSkeleton;
import org.c5c3.forge.report.BuildReport;

/** Pushes the service image {@code build-image} built, with Jib, under its tags. */
@Mojo(name = "push-image", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushImageMojo extends AbstractForgeMojo {


  @Override
  protected void run() {
    if (!push) {
      getLog().info("forge.push=false: not pushing");
      return;
    }
    if (!Files.isRegularFile(work().resolve("report.json"))) {
      throw new ForgeException("nothing to push: " + work().resolve("report.json") + " is missing; run package first");
    }
    BuildReport built = BuildReport.read(work().resolve("report.json"));
    if (built.platforms != null && !built.platforms.isEmpty()) {
      BuildReport report = new ServiceBuild(null, assembler(), null, getLog()::info)
          .pushIndex(work(), tagGuard(built.image), indexPublisher(built.image));
      getLog().info("pushed " + report.image + "@" + report.pushedDigest + " as " + String.join(", ", report.pushedTags));
      return;
    }
    VenvSkeleton skeleton = VenvSkeleton.parse(readSkeleton());
    BuildReport report = new ServiceBuild(null, assembler(), null, getLog()::info)
        .push(work(), tagGuard(built.image), skeleton);
    getLog().info("pushed " + report.image + "@" + report.pushedDigest + " as " + String.join(", ", report.pushedTags));
  }

  private String readSkeleton() {
    try {
      return Files.readString(work().resolve("skeleton.txt"));
    } catch (java.io.IOException e) {
      throw new ForgeException("missing " + work().resolve("skeleton.txt") + "; run package first", e);
    }
  }
}
