package org.c5c3.forge.scan;

/**
 * How an ecosystem orders its versions: PEP 440 for PyPI, dpkg's for Debian and Ubuntu. Both throw
 * {@link IllegalArgumentException} for a string that is no version of theirs.
 */
enum VersionOrder {
  PEP440 {
    @Override
    int compare(String a, String b) {
      return Pep440Version.parse(a).compareTo(Pep440Version.parse(b));
    }
  },
  DPKG {
    @Override
    int compare(String a, String b) {
      return DebianVersion.parse(a).compareTo(DebianVersion.parse(b));
    }
  };

  abstract int compare(String a, String b);

  boolean same(String a, String b) {
    return compare(a, b) == 0;
  }
}
