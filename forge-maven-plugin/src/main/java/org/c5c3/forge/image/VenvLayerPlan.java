package org.c5c3.forge.image;

import java.util.List;

/**
 * Which venv file goes into which image layer. Layers split by how often their content changes,
 * so that a patch to the service re-pushes only the small top layer.
 */
public interface VenvLayerPlan {

  /** Layer names, bottom to top. */
  List<String> layerNames();

  /** Index into {@link #layerNames()} for a path relative to the venv. */
  int layerOf(String relativePath, boolean directory);

  /** Everything in one layer. */
  static VenvLayerPlan single() {
    return new VenvLayerPlan() {
      @Override
      public List<String> layerNames() {
        return List.of("venv");
      }

      @Override
      public int layerOf(String relativePath, boolean directory) {
        return 0;
      }
    };
  }
}
