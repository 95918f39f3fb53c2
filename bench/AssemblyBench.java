import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.c5c3.forge.image.DistributionLayerPlan;
import org.c5c3.forge.image.VenvLayerBuilder;
import org.c5c3.forge.image.VenvLayerPlan;
import org.c5c3.forge.image.VenvSkeleton;

/**
 * forge's assembly step alone, on a venv directory: VenvLayerBuilder with a layer plan, then Jib
 * onto an empty base, the way ImageAssembler calls it (OCI, fresh application-layer cache). The
 * base layers are left out on purpose: the floor it is compared with (tar | gzip | sha256sum)
 * sees only the venv bytes too.
 *
 *   java -cp CLASSPATH bench/AssemblyBench.java VENV SKELETON|- single|distribution SERVICE_DIST TARGET RUNS
 *
 * TARGET is a tar path or registry:HOST/REPO:TAG. Prints one line per run:
 * "run <i> plan_ms <n> jib_ms <n> total_ms <n> layers <n> digest <d>".
 */
public class AssemblyBench {
  public static void main(String[] a) throws Exception {
    Path venv = Path.of(a[0]);
    VenvSkeleton skeleton = VenvSkeleton.parse(a[1].equals("-") ? "d /var/lib/openstack\n" : Files.readString(Path.of(a[1])));
    boolean distribution = a[2].equals("distribution");
    String target = a[4];
    int runs = Integer.parseInt(a[5]);
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      VenvLayerPlan plan = distribution
          ? DistributionLayerPlan.of(venv, a[3], Set.of(), skeleton, "/var/lib/openstack") : VenvLayerPlan.single();
      List<FileEntriesLayer> layers = new VenvLayerBuilder("/var/lib/openstack", skeleton).build(venv, plan);
      long t1 = System.nanoTime();
      Path appCache = Files.createTempDirectory("forge-bench-app-cache");
      Containerizer c;
      if (target.startsWith("registry:")) {
        c = Containerizer.to(RegistryImage.named(ImageReference.parse(target.substring(9)))).setAllowInsecureRegistries(true);
      } else {
        c = Containerizer.to(TarImage.at(Path.of(target)).named("bench/assembly:latest"));
      }
      JibContainer result = Jib.fromScratch().setFormat(ImageFormat.OCI).setFileEntriesLayers(layers)
          .setCreationTime(Instant.EPOCH).containerize(c.setApplicationLayersCache(appCache)
              .setBaseImageLayersCache(appCache.resolveSibling(appCache.getFileName() + "-base")));
      long t2 = System.nanoTime();
      System.out.printf("run %d plan_ms %d jib_ms %d total_ms %d layers %d digest %s%n", i, (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000, layers.size(), result.getDigest());
      new ProcessBuilder("rm", "-rf", appCache.toString(), appCache + "-base").start().waitFor();
    }
  }
}
