// Make the fixture git repository and wheels the build consumes.
def script = new File(fixturesScript)
def proc = ["bash", script.path, fixturesDir].execute()
proc.waitForProcessOutput(System.out, System.err)
assert proc.exitValue() == 0 : "make-fixtures.sh failed"
return true
