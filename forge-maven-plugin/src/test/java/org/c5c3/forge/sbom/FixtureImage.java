package org.c5c3.forge.sbom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A small but real Debian-plus-venv image as three layer blobs: a base with os-release, a dpkg
 * database and copyright files; a venv skeleton; a service layer that replaces site-packages
 * (opaque directory) and deletes one package's files (whiteouts).
 */
final class FixtureImage {
  static final String SITE = "var/lib/openstack/lib/python3.11/site-packages/";

  static final String STATUS =
      """
      Package: dpkg
      Essential: yes
      Status: install ok installed
      Priority: required
      Architecture: amd64
      Version: 1.21.22
      Description: Debian package management system
       This package provides the low-level infrastructure for handling the
       installation and removal of Debian software packages.
       .
       For Debian package development tools, install dpkg-dev.

      Package: libc6
      Status: install ok installed
      Architecture: amd64
      Multi-Arch: same
      Source: glibc
      Version: 2.36-9+deb12u10
      Description: GNU C Library: Shared libraries

      Package: libfoo1
      Status: install ok installed
      Architecture: amd64
      Source: foo (1:2.0-1)
      Version: 1:2.0-1+b1
      Description: epoch and binNMU

      Package: tzdata
      Status: install ok installed
      Architecture: all
      Version: 2025b-0+deb12u1
      Description: time zone and daylight-saving time data

      Package: removed-but-configured
      Status: deinstall ok config-files
      Architecture: amd64
      Version: 0.1-1
      """;

  static final String DPKG_COPYRIGHT =
      """
      Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
      Upstream-Name: dpkg

      Files: *
      Copyright: 1994-1996 Ian Jackson
      License: GPL-2+
       This is free software; you can redistribute it and/or modify
       it under the terms of the GNU General Public License.

      Files: scripts/Dpkg/*
      Copyright: 2007 Raphael Hertzog
      License: GPL-2+ or Artistic

      Files: lib/compat/md5.c
      Copyright: none
      License: public-domain
       No copyright is claimed.
      """;

  static final String DPKG_MD5SUMS = "0123456789abcdef0123456789abcdef  usr/bin/dpkg\n";
  static final String LIBFOO_MD5SUMS = "fedcba9876543210fedcba9876543210  usr/lib/libfoo.so.1\n";

  static final String PIP_RECORD = "pip/__init__.py,sha256=abc,100\npip-23.0.1.dist-info/RECORD,,\n";
  static final String KEYSTONE_RECORD = "keystone/__init__.py,sha256=def,10\n";
  static final String MESSAGING_RECORD = "oslo_messaging/__init__.py,sha256=123,20\n";

  private FixtureImage() {}

  static List<Path> write(Path dir) throws IOException {
    Path base = dir.resolve("base.tar.gz");
    try (TarLayer l = TarLayer.gzip(base)) {
      l.file("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
          .symlink("etc/os-release", "../usr/lib/os-release")
          .file("var/lib/dpkg/status", STATUS)
          .file("var/lib/dpkg/info/dpkg.md5sums", DPKG_MD5SUMS)
          .file("var/lib/dpkg/info/libc6:amd64.md5sums", "aa  lib/x86_64-linux-gnu/libc.so.6\n")
          .file("var/lib/dpkg/info/libfoo1:amd64.md5sums", LIBFOO_MD5SUMS)
          .file("usr/share/doc/dpkg/copyright", DPKG_COPYRIGHT)
          .file("usr/share/doc/libc6/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: LGPL-2.1+\n")
          // libfoo1's doc dir is a link to its source's, as dpkg packages often do
          .file("usr/share/doc/libfoo-common/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: Expat\n")
          .symlink("usr/share/doc/libfoo1", "libfoo-common")
          .file("usr/share/doc/tzdata/copyright", "This is the Debian prepackaged version of the Time Zone database.\nIt is in the public domain.\n");
    }
    Path skeleton = dir.resolve("venv-skeleton.tar");
    try (TarLayer l = TarLayer.plain(skeleton)) {
      l.dir("var/lib/openstack/lib/python3.11/site-packages")
          .symlink("var/lib/openstack/lib64", "lib")
          .symlink("var/lib/openstack/bin/python3", "/usr/bin/python3")
          .file(SITE + "pip-23.0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: pip\nVersion: 23.0.1\nLicense: MIT\n")
          .file(SITE + "pip-23.0.1.dist-info/RECORD", PIP_RECORD)
          .file(SITE + "stale_thing-0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: stale-thing\nVersion: 0.1\n");
    }
    Path service = dir.resolve("service.tar.gz");
    try (TarLayer l = TarLayer.gzip(service)) {
      l.opaque(SITE)
          .file(SITE + "pip-23.0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: pip\nVersion: 23.0.1\nLicense: MIT\n")
          .file(SITE + "pip-23.0.1.dist-info/RECORD", PIP_RECORD)
          .file(SITE + "keystone-28.0.0.dist-info/METADATA",
              """
              Metadata-Version: 2.1
              Name: keystone
              Version: 28.0.0
              Summary: OpenStack Identity
              Classifier: Environment :: OpenStack
              Classifier: License :: OSI Approved :: Apache Software License
              Classifier: Programming Language :: Python :: 3

              Keystone
              ========
              License: this line is description, not a header
              """)
          .file(SITE + "keystone-28.0.0.dist-info/RECORD", KEYSTONE_RECORD)
          .file(SITE + "oslo.messaging-16.1.0.dist-info/METADATA",
              "Metadata-Version: 2.1\nName: oslo.messaging\nVersion: 16.1.0\nLicense: Apache-2.0\nClassifier: License :: OSI Approved :: Apache Software License\n")
          .file(SITE + "oslo.messaging-16.1.0.dist-info/RECORD", MESSAGING_RECORD)
          .file(SITE + "oslo_config-9.7.0.dist-info/METADATA",
              "Metadata-Version: 2.4\nName: oslo.config\nVersion: 9.7.0\nLicense-Expression: Apache-2.0 OR MIT\n")
          .file(SITE + "oslo_config-9.7.0.dist-info/RECORD", "oslo_config/__init__.py,,\n")
          .file(SITE + "PyYAML-6.0.2.dist-info/METADATA",
              "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.2\nLicense: MIT\nClassifier: License :: OSI Approved :: MIT License\n")
          .file(SITE + "Paste_Deploy-3.1.0.dist-info/METADATA",
              "Metadata-Version: 2.1\nName: PasteDeploy\nVersion: 3.1.0\nLicense: MIT\n"
                  + "       Copyright (c) 2024\n")
          .file(SITE + "zope.interface-7.2.dist-info/METADATA",
              "Metadata-Version: 2.1\nName: zope.interface\nVersion: 7.2\nLicense: ZPL 2.1\nClassifier: License :: OSI Approved :: Zope Public License\n")
          // whiteouts: libc6's docs and file list are gone from the final image
          .whiteout("usr/share/doc/libc6")
          .whiteout("var/lib/dpkg/info/libc6:amd64.md5sums");
    }
    return List.of(base, skeleton, service);
  }
}
