#!/usr/bin/env bash
# Runs the conformance suite against any registry: conformance/run-against.sh http://HOST:PORT [maven args...]
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

# -am builds the modules the suite depends on; the test filter keeps their own tests from running.
exec mvn -B -pl conformance -am test \
  -Dregistry.url="$url" \
  -Dtest='dev.berth.conformance.**' \
  -Dsurefire.failIfNoSpecifiedTests=false \
  "$@"
