package org.c5c3.forge.scan;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.constraints.PackageName;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;

/**
 * The packages of an image SBOM (as forge writes it) that advisories can name: {@code pkg:pypi}
 * and {@code pkg:deb} components. Other components (the image itself, the service) are skipped.
 */
final class SbomPackages {
  /** forge's SBOM records a binary package's {@code Source:} field under this property. */
  static final String DPKG_SOURCE_PROPERTY = "forge:dpkg-source";

  private static final Pattern SOURCE_FIELD = Pattern.compile("^(\\S+)(?:\\s+\\(([^)]+)\\))?$");

  private SbomPackages() {}

  static List<ScannedPackage> of(Bom bom) {
    List<ScannedPackage> packages = new ArrayList<>();
    for (Component c : bom.getComponents() == null ? List.<Component>of() : bom.getComponents()) {
      PackageURL purl;
      try {
        purl = c.getPurl() == null ? null : new PackageURL(c.getPurl());
      } catch (MalformedPackageURLException e) {
        continue; // not a package an advisory can name
      }
      if (purl == null || purl.getVersion() == null) {
        continue;
      }
      if ("pypi".equals(purl.getType())) {
        packages.add(new ScannedPackage(List.of("PyPI"), VersionOrder.PEP440, PackageName.normalize(purl.getName()),
            purl.getVersion(), c.getPurl(), purl.getName() + " " + purl.getVersion()));
      } else if ("deb".equals(purl.getType())) {
        packages.add(deb(c, purl));
      }
    }
    return packages;
  }

  private static ScannedPackage deb(Component c, PackageURL purl) {
    String name = purl.getName();
    String version = purl.getVersion();
    String source = property(c, DPKG_SOURCE_PROPERTY);
    if (source != null) {
      Matcher m = SOURCE_FIELD.matcher(source.strip());
      if (m.matches()) {
        name = m.group(1);
        version = m.group(2) != null ? m.group(2) : version; // "openssl (3.0.11-1)": the source's own version
      }
    }
    Map<String, String> qualifiers = purl.getQualifiers() == null ? Map.of() : purl.getQualifiers();
    String distro = qualifiers.getOrDefault("distro", "");
    String os = purl.getNamespace() == null ? "" : purl.getNamespace();
    String release = distro.startsWith(os + "-") ? distro.substring(os.length() + 1) : "";
    return new ScannedPackage(ecosystems(os, release), VersionOrder.DPKG, name, version, c.getPurl(),
        purl.getName() + " " + purl.getVersion());
  }

  /** OSV's names for a distribution release: {@code Debian:12}, {@code Ubuntu:24.04:LTS}, {@code Ubuntu:24.04}. */
  private static List<String> ecosystems(String os, String release) {
    String base = switch (os) {
      case "debian" -> "Debian";
      case "ubuntu" -> "Ubuntu";
      default -> os.isEmpty() ? "" : Character.toUpperCase(os.charAt(0)) + os.substring(1);
    };
    if (release.isEmpty()) {
      return List.of(base);
    }
    return "Ubuntu".equals(base)
        ? List.of(base + ":" + release + ":LTS", base + ":" + release)
        : List.of(base + ":" + release);
  }

  private static String property(Component c, String name) {
    if (c.getProperties() == null) {
      return null;
    }
    return c.getProperties().stream().filter(p -> name.equals(p.getName())).map(Property::getValue).findFirst().orElse(null);
  }
}
