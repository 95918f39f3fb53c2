package org.c5c3.forge.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.c5c3.forge.ForgeException;

/** The canonical purls the SBOM uses; packageurl-java does the spec's escaping. */
final class PackageUrls {
  private PackageUrls() {}

  /** {@code pkg:deb/<os id>/<name>@<version>?arch=<arch>&distro=<id>-<version id>}. */
  static String deb(OsRelease os, DpkgPackage p) {
    return build("deb", os.id(), p.name(), p.version(), Map.of("arch", p.architecture(), "distro", os.distro()));
  }

  /** {@code pkg:pypi/<pep503 name>@<version>}. */
  static String pypi(PythonDistribution d) {
    return build("pypi", null, d.normalisedName(), d.version(), Map.of());
  }

  /** {@code pkg:oci/<last path segment>@sha256%3A...?repository_url=<image name>}. */
  static String oci(String imageName, String digest) {
    String name = imageName.substring(imageName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return build("oci", null, name, digest, Map.of("repository_url", imageName));
  }

  private static String build(
      String type, String namespace, String name, String version, Map<String, String> qualifiers) {
    try {
      PackageURLBuilder builder =
          PackageURLBuilder.aPackageURL().withType(type).withName(name).withVersion(version);
      if (namespace != null) {
        builder.withNamespace(namespace);
      }
      new TreeMap<>(qualifiers).forEach(builder::withQualifier);
      return builder.build().canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new ForgeException(
          "Cannot form a package URL for " + type + " package " + name + " " + version + ": " + e.getMessage(), e);
    }
  }
}
