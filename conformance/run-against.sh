#!/usr/bin/env bash
# Runs the conformance suite against any registry: conformance/run-against.sh http://HOST:PORT [maven args...]
#   e.g. conformance/run-against.sh http://127.0.0.1:5000 -Dtest='BlobUploadTest'
# Builds what the suite needs in the same reactor and runs only the conformance tests.
# Without a URL the suite starts its own in-process Berth server instead.
set -euo pipefail

if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  echo "usage: $0 http://HOST:PORT [extra maven arguments, e.g. -o or -Dtest=BlobUploadTest]" >&2
  exit 2
fi
url="${1%/}"
shift
if [[ ! "$url" =~ ^https?:// ]]; then
  echo "not an http(s) URL: $url" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! curl -fsS -o /dev/null --max-time 10 "$url/v2/" 2>/dev/null; then
  echo "warning: GET $url/v2/ did not answer 200; running anyway" >&2
fi

# -am builds the modules the suite depends on; the test filter keeps their own tests (and the
# interop *IT classes in sub-packages, which drive real clients against a packaged jar) from running.
# NO_BUILD=1 skips that and uses the modules already installed in the local Maven repository.
also_make=(-am)
if [[ "${NO_BUILD:-0}" == 1 ]]; then
  also_make=()
fi
exec mvn -B -pl conformance "${also_make[@]}" test \
  -Dregistry.url="$url" \
  -Dtest='dev.berth.conformance.*Test' \
  -Dsurefire.failIfNoSpecifiedTests=false \
  "$@"
