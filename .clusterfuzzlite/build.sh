#!/bin/bash -eu
# Build every harness in fuzz/ with OSS-Fuzz's Python tooling (PyInstaller + atheris) and
# ship a seed corpus per harness: the demo specs for the loader and the path matcher, the
# pact cases for the pact reader. Crashing inputs kept in fuzz/regressions/<name>/ are seeds
# too, so a fixed crash stays covered. fuzz/check_pact.py is not built here: it loads the
# demo specs from the checkout at start, which a PyInstaller bundle does not carry; `make
# fuzz` runs it.
cd "$SRC/specgen"
python3 -m pip install --no-cache-dir .

for harness in fuzz/load_spec.py fuzz/pact_reader.py fuzz/path_matcher.py; do
  name=$(basename "$harness" .py)
  compile_python_fuzzer "$harness" --paths fuzz
  seeds=$(mktemp -d)
  case "$name" in
    pact_reader) find tests/pact/cases -name '*.json' ! -name '*expected*' -exec cp {} "$seeds" \; ;;
    *) find specs -name '*.yaml' -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds" \; ;;
  esac
  if [ -d "fuzz/regressions/$name" ]; then cp fuzz/regressions/"$name"/* "$seeds" 2>/dev/null || true; fi
  (cd "$seeds" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
done
