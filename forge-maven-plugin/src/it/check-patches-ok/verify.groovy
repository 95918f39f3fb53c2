// Both the 2025.2 service patch and the library patch apply; the overrides check out.
def log = new File(basedir, "build.log").text
assert log =~ /fixture\s+2025\.2\s+0001-Greet-from-the-patched-fixture\.patch\s+ok/
assert log =~ /fixture-lib\s+2025\.2\s+0001-Mark-the-library-as-patched\.patch\s+ok/
assert log =~ /constraints\s+2025\.2\s+overrides\.txt\s+ok/
assert log.contains("BUILD SUCCESS")
return true
