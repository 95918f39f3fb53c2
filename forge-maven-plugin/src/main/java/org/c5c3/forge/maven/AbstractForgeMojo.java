package org.c5c3.forge.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.engine.CommandRunner;
import org.c5c3.forge.engine.ContainerEngine;
import org.c5c3.forge.engine.ContainerEngines;
import org.c5c3.forge.engine.RegistryAccess;
import org.c5c3.forge.image.ImageAssembler;
import org.c5c3.forge.image.RegistryCredential;
import org.c5c3.forge.tags.ImmutableTagGuard;
import org.c5c3.forge.tags.RegistryTagLookup;
import org.c5c3.forge.tags.RepositoryState;
import org.c5c3.forge.tags.TagPolicy;
import org.c5c3.forge.registry.RegistryClient;
import org.c5c3.forge.registry.RegistryCredentials;

/**
 * What every forge goal shares: reading the common parameters, choosing the engine, making the
 * Jib assembler, and turning {@link ForgeException} into a Maven failure with the same message.
 * Subclasses read their own parameters and call the core; they make no image decisions.
 */
abstract class AbstractForgeMojo extends AbstractMojo {

  @Parameter(defaultValue = "${session}", readonly = true)
  protected MavenSession session;

  @Parameter(defaultValue = "${project}", readonly = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${settings}", readonly = true)
  protected Settings settings;

  /** Registry and namespace images are pushed to, e.g. {@code ghcr.io/c5c3}. */
  @Parameter(property = "forge.registry", defaultValue = "ghcr.io/c5c3")
  protected String registry;

  /** Allow plain-HTTP registries (local test registries only). */
  @Parameter(property = "forge.allowInsecureRegistries", defaultValue = "false")
  protected boolean allowInsecureRegistries;

  /** Container engine for Containerfile builds and the build stage: auto, buildah, podman, docker. */
  @Parameter(property = "forge.engine", defaultValue = "auto")
  protected String engine;

  /**
   * Platforms to build, comma-separated, e.g. {@code linux/amd64,linux/arm64}: one image each, and
   * an OCI index over them when there are several. Empty: the host's platform.
   */
  @Parameter(property = "forge.platforms")
  protected String platforms;

  /** Shared caches: source mirrors, upstream constraints, Jib base layers. */
  @Parameter(property = "forge.cacheDir", defaultValue = "${user.home}/.cache/forge")
  protected String cacheDir;

  /** Where a build writes everything it produces. */
  @Parameter(defaultValue = "${project.build.directory}/forge", readonly = true)
  protected String workDir;

  /**
   * Which tag kinds go on which branch of this repository, e.g.
   * {@code version:main,stable/*;latest:-} (see docs/release-engineering.md).
   */
  @Parameter(property = "forge.tagPolicy")
  protected String tagPolicy;

  /** {@code false}: deploy builds and installs but pushes (and attests) nothing. */
  @Parameter(property = "forge.push", defaultValue = "true")
  protected boolean push;

  /** Skip this goal. */
  @Parameter(property = "forge.skip", defaultValue = "false")
  protected boolean skip;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("forge: skipped (forge.skip)");
      return;
    }
    try {
      run();
    } catch (ForgeException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  protected abstract void run();

  protected Path work() {
    return Path.of(workDir);
  }

  protected Path cache() {
    return Path.of(cacheDir);
  }

  protected ContainerEngine containerEngine() {
    ContainerEngine selected = ContainerEngines.select(engine, new CommandRunner(line -> getLog().info("  " + line)),
        allowInsecureRegistries);
    getLog().info("container engine: " + selected.name());
    return selected;
  }

  protected ImageAssembler assembler() {
    return new ImageAssembler(cache().resolve("jib-base-layers"), work(), allowInsecureRegistries, credentials(),
        getLog()::warn);
  }

  protected RegistryAccess registryAccess() {
    String host = registry.contains("/") ? registry.substring(0, registry.indexOf('/')) : registry;
    Server server = settings == null ? null : settings.getServer(host);
    return server == null ? RegistryAccess.anonymous(allowInsecureRegistries)
        : new RegistryAccess(server.getUsername(), server.getPassword(), allowInsecureRegistries);
  }

  /** Maven settings servers whose id is a registry host, e.g. {@code <id>ghcr.io</id>}. */
  protected List<RegistryCredential> credentials() {
    List<RegistryCredential> result = new ArrayList<>();
    if (settings != null) {
      for (Server s : settings.getServers()) {
        if (s.getUsername() != null && s.getPassword() != null) {
          result.add(new RegistryCredential(s.getId(), s.getUsername(), s.getPassword()));
        }
      }
    }
    return result;
  }

  protected TagPolicy tagPolicy() {
    return tagPolicy == null || tagPolicy.isBlank() ? TagPolicy.defaults() : TagPolicy.parse(tagPolicy);
  }

  /** This repository's branch and commit (JGit, or CI variables on a detached checkout). */
  protected RepositoryState repositoryState() {
    return RepositoryState.detect(project.getBasedir().toPath(), System.getenv());
  }

  /** Refuses to move immutable tags in the registry {@code repository}. */
  protected ImmutableTagGuard tagGuard(String repository) {
    RegistryAccess access = registryAccess();
    return new ImmutableTagGuard(RegistryTagLookup.forImage(repository,
        access.hasCredentials() ? new RegistryTagLookup.Credentials(access.username(), access.password())
            : dockerConfigCredentials(repository), allowInsecureRegistries));
  }

  private static RegistryTagLookup.Credentials dockerConfigCredentials(String repository) {
    String host = repository.substring(0, repository.indexOf('/'));
    return RegistryCredentials.fromDefaultDockerConfig().forRegistry(host)
        .map(c -> new RegistryTagLookup.Credentials(c.username(), c.password())).orElse(null);
  }

  /**
   * Service names are the module directories under services/ (and the service itself); every
   * other directory under patches/ is a library.
   */
  protected static java.util.Set<String> serviceNames(java.io.File servicesDir, String service) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    names.add(service);
    java.io.File[] dirs = servicesDir.listFiles(f -> new java.io.File(f, "pom.xml").isFile());
    if (dirs != null) {
      for (java.io.File d : dirs) {
        names.add(d.getName());
      }
    }
    return names;
  }

  /**
   * An OCI client for {@code host}, with the credentials of {@code ~/.docker/config.json} and,
   * winning over those, the settings.xml server whose id is the host.
   */
  protected RegistryClient registryClient(String host) {
    RegistryCredentials credentials = RegistryCredentials.fromDefaultDockerConfig();
    Server server = settings == null ? null : settings.getServer(host);
    if (server != null && server.getUsername() != null && server.getPassword() != null) {
      credentials = credentials.with(host, server.getUsername(), server.getPassword());
    }
    return RegistryClient.create(host, credentials, allowInsecureRegistries);
  }

  /** The platforms of this build; a single {@code null} means the host's. */
  protected java.util.List<String> platforms() {
    return org.c5c3.forge.build.Platforms.parse(platforms);
  }

  /** An OCI index publisher for the registry of {@code repository} ({@code host/path}). */
  protected org.c5c3.forge.image.IndexPublisher indexPublisher(String repository) {
    return new org.c5c3.forge.image.IndexPublisher(registryClient(repository.substring(0, repository.indexOf('/'))),
        getLog()::info);
  }

  static List<String> list(String commaOrSpaceSeparated) {
    if (commaOrSpaceSeparated == null || commaOrSpaceSeparated.isBlank()) {
      return List.of();
    }
    return List.of(commaOrSpaceSeparated.strip().split("[,\\s]+"));
  }
}
