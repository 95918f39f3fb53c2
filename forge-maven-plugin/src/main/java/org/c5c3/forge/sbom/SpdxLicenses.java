package org.c5c3.forge.sbom;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the license names packages write (Debian DEP-5 short names, Python {@code License:} fields
 * and trove classifiers) to SPDX identifiers where the mapping is unambiguous. Anything else stays
 * a license <em>name</em> in the SBOM: a wrong SPDX id is worse than none. ("BSD" and "GPL" without
 * a version, for example, are deliberately not mapped.)
 */
final class SpdxLicenses {
  private static final Map<String, String> IDS = new HashMap<>();

  static {
    // SPDX ids themselves, so a package that already writes one keeps it (in canonical case).
    for (String id :
        new String[] {
          "0BSD", "AFL-2.1", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0",
          "Artistic-1.0", "Artistic-1.0-Perl", "Artistic-2.0", "BSD-1-Clause", "BSD-2-Clause",
          "BSD-3-Clause", "BSD-4-Clause", "BSL-1.0", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0",
          "CC-BY-SA-4.0", "CC0-1.0", "curl", "EPL-1.0", "EPL-2.0", "FSFAP", "FSFUL", "FSFULLR",
          "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later",
          "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only",
          "GPL-3.0-or-later", "HPND", "ISC", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only",
          "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-CMU", "MPL-1.1",
          "MPL-2.0", "OpenSSL", "PSF-2.0", "Python-2.0", "Ruby", "Unicode-DFS-2016", "Unlicense",
          "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1"
        }) {
      IDS.put(id.toLowerCase(Locale.ROOT), id);
    }
    // Debian DEP-5 short names (copyright-format 1.0, "License specification").
    String[][] debian = {
      {"GPL-1", "GPL-1.0-only"}, {"GPL-1+", "GPL-1.0-or-later"},
      {"GPL-2", "GPL-2.0-only"}, {"GPL-2+", "GPL-2.0-or-later"},
      {"GPL-3", "GPL-3.0-only"}, {"GPL-3+", "GPL-3.0-or-later"},
      {"LGPL-2", "LGPL-2.0-only"}, {"LGPL-2+", "LGPL-2.0-or-later"},
      {"LGPL-2.1", "LGPL-2.1-only"}, {"LGPL-2.1+", "LGPL-2.1-or-later"},
      {"LGPL-3", "LGPL-3.0-only"}, {"LGPL-3+", "LGPL-3.0-or-later"},
      {"AGPL-3", "AGPL-3.0-only"}, {"AGPL-3+", "AGPL-3.0-or-later"},
      {"GFDL-1.2", "GFDL-1.2-only"}, {"GFDL-1.2+", "GFDL-1.2-or-later"},
      {"GFDL-1.3", "GFDL-1.3-only"}, {"GFDL-1.3+", "GFDL-1.3-or-later"},
      {"BSD-2-clause", "BSD-2-Clause"}, {"BSD-3-clause", "BSD-3-Clause"},
      {"BSD-4-clause", "BSD-4-Clause"}, {"Expat", "MIT"}, {"Apache-2", "Apache-2.0"},
      {"MPL-2", "MPL-2.0"}, {"CC0", "CC0-1.0"}, {"PSF-2", "PSF-2.0"}, {"Python", "Python-2.0"},
      {"zlib", "Zlib"}, {"public-domain", null},
      // deprecated SPDX forms that copyright files still use
      {"GPL-2.0+", "GPL-2.0-or-later"}, {"GPL-3.0+", "GPL-3.0-or-later"},
      {"LGPL-2.0+", "LGPL-2.0-or-later"}, {"LGPL-3.0+", "LGPL-3.0-or-later"},
      {"GPL-2.0", "GPL-2.0-only"}, {"GPL-3.0", "GPL-3.0-only"}
    };
    // Python packaging: License fields and trove classifiers (the part after "License ::").
    // "Apache Software License" names no version, but Apache 1.x predates PyPI: it is 2.0.
    String[][] python = {
      {"Apache 2.0", "Apache-2.0"}, {"Apache License 2.0", "Apache-2.0"},
      {"Apache License, Version 2.0", "Apache-2.0"}, {"Apache Software License", "Apache-2.0"},
      {"Apache Software License 2.0", "Apache-2.0"}, {"ASL 2.0", "Apache-2.0"},
      {"OSI Approved :: Apache Software License", "Apache-2.0"},
      {"MIT License", "MIT"}, {"OSI Approved :: MIT License", "MIT"},
      {"ISC License (ISCL)", "ISC"}, {"OSI Approved :: ISC License (ISCL)", "ISC"},
      {"OSI Approved :: Python Software Foundation License", "PSF-2.0"},
      {"Python Software Foundation License", "PSF-2.0"},
      {"OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"},
      {"OSI Approved :: GNU General Public License v2 (GPLv2)", "GPL-2.0-only"},
      {"OSI Approved :: GNU General Public License v3 (GPLv3)", "GPL-3.0-only"},
      {"OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0-only"},
      {"OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)", "LGPL-2.0-or-later"},
      {"OSI Approved :: Zope Public License", "ZPL-2.1"},
      {"OSI Approved :: The Unlicense (Unlicense)", "Unlicense"},
      {"CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"},
      {"new BSD", "BSD-3-Clause"}, {"New BSD License", "BSD-3-Clause"},
      {"3-Clause BSD License", "BSD-3-Clause"}, {"2-Clause BSD License", "BSD-2-Clause"},
      {"Simplified BSD", "BSD-2-Clause"}
    };
    for (String[][] table : new String[][][] {debian, python}) {
      for (String[] row : table) {
        if (row[1] != null) {
          IDS.put(row[0].toLowerCase(Locale.ROOT), row[1]);
        }
      }
    }
  }

  private SpdxLicenses() {}

  /** The SPDX id for a license name, if the mapping is unambiguous. */
  static Optional<String> idFor(String name) {
    return Optional.ofNullable(IDS.get(name.strip().toLowerCase(Locale.ROOT)));
  }
}
