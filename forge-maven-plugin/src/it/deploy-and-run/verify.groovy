// Pull the pushed fixture image back and check it is what forge promises.
import groovy.json.JsonSlurper

def run = evaluate(new File(itLib, "run.groovy"))
def json = new JsonSlurper()
def registry = registryUrl

// --- report.json ----------------------------------------------------------------------------
def report = json.parse(new File(basedir, "fixture/target/forge/report.json"))
assert report.service == "fixture"
assert report.release == "2025.2"
assert report.source.ref == "1.0.0"
assert report.source.refKind == "tag"
def tagCommit = run(["git", "--git-dir", "${fixturesDir}/forge-fixture.git", "rev-parse", "1.0.0^{commit}"]).out.trim()
assert report.source.commit == tagCommit
assert report.tags.contains("1.0.0")
assert report.tags.contains("1.0.0-p2") : report.tags  // one service patch + one library patch
assert report.patches.size() == 2
def servicePatch = report.patches.find { it.component == "fixture" }
assert servicePatch.file.endsWith("0001-Greet-from-the-patched-fixture.patch")
assert servicePatch.resolves == ["2099999"]
assert report.patches.find { it.component == "fixture-lib" }.resolves == ["2088888"]
assert report.libraries.size() == 1 && report.libraries[0].version == "1.0.0+c5c3.1"
assert report.digest ==~ /sha256:[0-9a-f]{64}/
assert report.pushedDigest == report.digest
assert report.layers.size() >= 3
report.layers.each { assert it.digest ==~ /sha256:[0-9a-f]{64}/ && it.size > 0 }
["checkout", "build-stage", "assemble"].each { assert report.timings.containsKey(it) }
assert report.overrides.find { it.name == "fixture-dep" }.to == "1.0"
assert report.overrides.find { it.name == "fixture-lib" }.to == "1.0.0+c5c3.1"
assert new File(basedir, "fixture/target/forge/constraints.diff").text.contains("+fixture-dep===1.0")
assert new File(report.archive).isFile()

// --- the pushed image's manifest and config -------------------------------------------------
def ref = "docker://${registry}/fixture:1.0.0"
def manifest = json.parseText(run(["skopeo", "inspect", "--tls-verify=false", "--raw", ref]).out)
assert manifest.mediaType == "application/vnd.oci.image.manifest.v1+json"
def config = json.parseText(run(["skopeo", "inspect", "--tls-verify=false", "--config", ref]).out)
assert config.config.User == "42424:42424"
def path = config.config.Env.find { it.startsWith("PATH=") }
assert path.startsWith("PATH=/var/lib/openstack/bin:") : path
def labels = config.config.Labels
assert labels["org.opencontainers.image.title"] == "fixture"
assert labels["org.opencontainers.image.version"] == "1.0.0"
assert labels["org.opencontainers.image.revision"] == tagCommit
assert labels["org.opencontainers.image.source"].endsWith("forge-fixture.git")
assert labels["org.opencontainers.image.created"] != null

// --- base layers shared with python-base by digest -------------------------------------------
def baseRecord = json.parse(new File(basedir, "python-base/target/forge/image.json"))
def baseManifest = json.parseText(run(["skopeo", "inspect", "--tls-verify=false", "--raw",
        "docker://${registry}/python-base@${baseRecord.digest}"]).out)
def baseLayers = baseManifest.layers*.digest
assert manifest.layers*.digest.take(baseLayers.size()) == baseLayers
assert report.baseImages["python-base"].endsWith(baseRecord.digest)

// --- the venv layer: no symlink, no interpreter copied from the build host -----------------
def oci = new File(basedir, "target/pulled")
run(["rm", "-rf", oci.path]); oci.parentFile.mkdirs()
run(["skopeo", "copy", "--src-tls-verify=false", ref, "oci:${oci.path}:fixture"])
// The venv ships as layers split by how often they change (docs/performance.md).
assert report.layers*.name.takeRight(3) == ["venv-skeleton-and-third-party", "patched-libraries", "service"]
assert report.layerPlan.layers.find { it.name == "service" }.distributions == ["forge-fixture"]
assert report.layerPlan.layers.find { it.name == "patched-libraries" }.distributions == ["fixture-lib"]
report.layers.findAll { it.name != "base" }.each { layer ->
    def listing = run(["tar", "-tvzf", "${oci.path}/blobs/sha256/${layer.digest.replace('sha256:', '')}"]).out.readLines()
    assert listing.every { !it.startsWith("l") } : "venv layer ${layer.name} has symlinks"
    assert listing.every { it.startsWith("d") || it.contains(" var/lib/openstack/") } : "${layer.name} writes outside the venv"
    assert !listing.any { it ==~ /.*var\/lib\/openstack\/bin\/python[0-9.]*$/ } : "${layer.name} carries an interpreter"
    assert listing.every { it.startsWith("d") || it.contains(" 0/0 ") } : "${layer.name}: venv files not owned by root"
}
// Files python-base already has, unchanged (bin/activate, pyvenv.cfg), are not shipped again.
def serviceListing = run(["tar", "-tzf", "${oci.path}/blobs/sha256/${manifest.layers[-1].digest.replace('sha256:', '')}"]).out
assert !serviceListing.contains("bin/activate") && !serviceListing.contains("pyvenv.cfg")

// --- python-base has its own SBOM: the distribution's packages, as pkg:deb/debian/... -------
def baseSbom = json.parse(new File(basedir, "python-base/target/forge/sbom.cdx.json"))
assert baseSbom.metadata.component.version == baseRecord.digest
assert baseSbom.components.any { it.purl?.startsWith("pkg:deb/debian/python3@") }

// --- run it ----------------------------------------------------------------------------------
def ctr = run(["buildah", "from", "--tls-verify=false", "${registry}/fixture@${report.digest}"]).out.trim()
try {
    def exec = { String script -> run(["buildah", "run", "--isolation", "chroot", "--user", "42424:42424", ctr, "--", "sh", "-c", script]) }
    assert exec("forge-fixture").out.trim() == "hello from patched forge-fixture dep 1.0 lib patched"
    assert exec("id -u").out.trim() == "42424"
    // The patched library is installed under its local version; the override picked dep 1.0 over 1.1.
    assert exec("python -c 'import importlib.metadata as m; print(m.version(\"fixture-lib\"), m.version(\"fixture-dep\"))'").out.trim() == "1.0.0+c5c3.1 1.0"
    assert exec("readlink -f /var/lib/openstack/bin/python").out.trim() ==~ /\/usr\/bin\/python3\.\d+/
    assert exec("python -c 'import sys; print(sys.prefix)'").out.trim() == "/var/lib/openstack"
    ["gcc", "cc", "pip", "pip3", "uv"].each { tool ->
        assert run(["buildah", "run", "--isolation", "chroot", ctr, "--", "sh", "-c", "command -v ${tool}"], false).code != 0 : "${tool} is in the runtime image"
    }
    assert run(["buildah", "run", "--isolation", "chroot", ctr, "--", "python", "-c", "import pip"], false).code != 0 : "pip is importable"
    assert exec("python -c \"import runpy; m = runpy.run_path('/var/lib/openstack/bin/forge-fixture-wsgi'); print(callable(m['application']))\"").out.trim() == "True"
    assert exec("dpkg-query -W -f '\${Status}' libxml2").out.contains("install ok installed")
    // The service user cannot rewrite the venv.
    def write = run(["buildah", "run", "--isolation", "chroot", "--user", "42424:42424", ctr, "--", "touch", "/var/lib/openstack/bin/x"], false)
    assert write.code != 0 && write.err.contains("Permission denied") : "the service user can write the venv: ${write}"
} finally {
    run(["buildah", "rm", ctr], false)
    run(["buildah", "rmi", "-f", "${registry}/fixture@${report.digest}"], false) // pulled only to be read
}
return true
