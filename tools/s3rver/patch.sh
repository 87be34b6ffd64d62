#!/usr/bin/env bash
# s3rver 3.7.1 answers ListObjects (and a few others) in the wrong XML namespace, so the
# Minio SDK finds no objects. Rewrite it to the S3 one. Idempotent: safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

controllers=node_modules/s3rver/lib/controllers
if [[ ! -d "$controllers" ]]; then
  echo "patch.sh: $PWD/$controllers not found; run 'npm ci' in $PWD first" >&2
  exit 1
fi

wrong='http://doc.s3.amazonaws.com/2006-03-01/'
right='http://s3.amazonaws.com/doc/2006-03-01/'
for file in "$controllers"/*.js; do
  if grep -qF "$wrong" "$file"; then
    sed -i "s#${wrong}#${right}#g" "$file"
    echo "patch.sh: fixed XML namespace in $file"
  fi
done

if grep -qF "$wrong" "$controllers"/*.js; then
  echo "patch.sh: the wrong namespace is still present" >&2
  exit 1
fi
