# Shared by bench/run and bench/reproducible: drive forge on a copy of the integration test's
# fixture project, the way a user drives a service module, against the test registry.
#
# Needs one prior run of the integration test with a registry it did not start itself (so the base
# images it pushed stay there), which leaves the project and its fixtures in forge-maven-plugin/target:
#   bash scripts/test-env up && ./mvnw -B install -Pit -pl forge-maven-plugin -Dinvoker.test=deploy-and-run

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLUGIN="$ROOT/forge-maven-plugin"
IT="$PLUGIN/target/it/deploy-and-run"
FIXTURES="$PLUGIN/target/it-fixtures"
LOCAL_REPO="$PLUGIN/target/local-repo"
REGISTRY="${FORGE_TEST_REGISTRY:-127.0.0.1:5555}"
REGISTRY_V2="${FORGE_TEST_STATE:-/tmp/forge-test-registry-${REGISTRY##*:}}/data/docker/registry/v2"
MVN="${MVN:-$ROOT/mvnw}"

die() { echo "bench: $*" >&2; exit 1; }

bench_prereqs() {
  [ -f "$IT/python-base/target/forge/image.json" ] && [ -d "$FIXTURES/forge-fixture.git" ] \
    || die "run the integration test once first: bash scripts/test-env up && ./mvnw -B install -Pit -pl forge-maven-plugin -Dinvoker.test=deploy-and-run"
  curl -fsS "http://$REGISTRY/v2/" >/dev/null || die "no registry on $REGISTRY: bash scripts/test-env up"
  [ -d "$REGISTRY_V2" ] || die "cannot see the registry's storage at $REGISTRY_V2 (set FORGE_TEST_STATE)"
}

json_field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[k]
print(d)' "$1" "$2"; }

# make_project DEST: a fresh copy of the fixture project and of its git repository (so that a
# case can commit to the service without touching the shared fixtures).
make_project() {
  local dest="$1"
  rm -rf "$dest"; mkdir -p "$dest"
  cp -a "$IT/pom.xml" "$IT/fixture" "$dest/"
  cp -a "$PLUGIN/src/it/constraints" "$dest/constraints"
  cp -a "$FIXTURES/patches" "$dest/patches"
  rm -rf "$dest/fixture/target"
  mkdir -p "$dest/fixtures"
  cp -a "$FIXTURES/wheels" "$dest/fixtures/"
  git clone -q --bare "$FIXTURES/forge-fixture.git" "$dest/fixtures/forge-fixture.git"
}

# forge_build PROJECT CACHE_DIR REPOSITORY_PREFIX GOAL [extra mvn args]: builds the fixture module
# alone, with python-base and venv-builder pinned by digest (present, not rebuilt).
forge_build() {
  local project="$1" cache="$2" prefix="$3" goal="$4"; shift 4
  sed "s|@localRepositoryUrl@|file://$HOME/.m2/repository|" "$PLUGIN/src/it/settings.xml" > "$project/settings.xml"
  "$MVN" -o -B -s "$project/settings.xml" -f "$project/fixture/pom.xml" "$goal" \
    -Dmaven.repo.local="$LOCAL_REPO" \
    -Dforge.it.fixtures="$project/fixtures" \
    -Dforge.pythonBase.image="$(json_field "$IT/python-base/target/forge/image.json" reference)" \
    -Dforge.venvBuilder.image="$(json_field "$IT/venv-builder/target/forge/image.json" reference)" \
    -Dforge.registry="$REGISTRY/$prefix" -Dforge.allowInsecureRegistries=true \
    -Dforge.engine=buildah -Dforge.installer=pip -Dforge.noIndex=true \
    -Dforge.findLinks="$project/fixtures/wheels" \
    -Dforge.constraints.dir="$project/constraints" \
    -Dforge.patches.dir="$project/patches" \
    -Dforge.constraints.url="file://$ROOT/../shared/data/upper-constraints/{release}.txt" \
    -Dforge.cacheDir="$cache" "$@"
}

# The blobs linked into a repository of the registry: a push adds exactly the blobs it uploaded
# (or mounted from another repository) here.
repo_blobs() {
  local dir="$REGISTRY_V2/repositories/$1/_layers/sha256"
  [ -d "$dir" ] && ls "$dir" | sort || true
}

blob_size() { stat -c %s "$REGISTRY_V2/blobs/sha256/${1:0:2}/$1/data"; }

# pushed BEFORE_FILE AFTER_FILE: "<count> <bytes>" of the blobs in AFTER but not BEFORE.
pushed() {
  local n=0 bytes=0 d
  for d in $(comm -13 "$1" "$2"); do n=$((n + 1)); bytes=$((bytes + $(blob_size "$d"))); done
  echo "$n $bytes"
}

now_ms() { date +%s%3N; }
