package org.c5c3.forge.maven;

import java.nio.file.Files;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.build.BaseImageBuild;
import org.c5c3.forge.build.BaseImageRecord;

/** Pushes the base image {@code build-base-image} recorded, with Jib, under its tags. */
@Mojo(name = "push-base-image", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushBaseImageMojo extends AbstractForgeMojo {


  @Override
  protected void run() {
    if (!push) {
      getLog().info("forge.push=false: not pushing");
      return;
    }
    if (!Files.isRegularFile(work().resolve("image.json"))) {
      throw new ForgeException("nothing to push: " + work().resolve("image.json") + " is missing; run package first");
    }
    BaseImageRecord record = BaseImageRecord.read(work().resolve("image.json"));
    BaseImageBuild build = new BaseImageBuild(null, assembler(), work(), getLog()::info);
    if (record.platforms != null && !record.platforms.isEmpty()) {
      build.pushIndex(record, tagGuard(record.repository), indexPublisher(record.repository));
    } else {
      build.push(record, tagGuard(record.repository));
    }
  }
}
