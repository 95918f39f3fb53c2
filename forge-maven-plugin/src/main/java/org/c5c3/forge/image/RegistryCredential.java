package org.c5c3.forge.image;

/** A username/password pair for one registry host, e.g. from a Maven settings.xml server. */
public record RegistryCredential(String registry, String username, String password) {}
