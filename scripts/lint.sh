#!/usr/bin/env bash
# Checks the house rules a compiler does not: the file header, file length, and that domain errors
# become HTTP statuses only in the edge's mapping place (DirAuthServer/Errors/APIErrorStyle.swift).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

# One header convention: every Swift file starts with the SPDX line.
while IFS= read -r file; do
    if [ "$(head -n1 "$file")" != "// SPDX-License-Identifier: Apache-2.0" ]; then
        echo "lint: $file: the first line must be '// SPDX-License-Identifier: Apache-2.0'" >&2
        status=1
    fi
done < <(git ls-files 'Sources/*.swift' 'Tests/*.swift' 'Fuzz/*.swift')

# Small files with one purpose: no source file over 400 lines.
while IFS= read -r file; do
    lines=$(wc -l < "$file")
    if [ "$lines" -gt 400 ]; then
        echo "lint: $file has $lines lines (at most 400)" >&2
        status=1
    fi
done < <(git ls-files 'Sources/*.swift' 'Fuzz/*.swift')

# Errors are mapped to HTTP once: outside the mapping place, no `catch` of a domain error in the
# edge may answer with an HTTP error.
offenders=$(grep -rln --include='*.swift' -E 'catch (let [a-z]+ as |)(DirAuthCoreError|DirectoryError|CRTAuthError|DirAuthMiddlewareError)' Sources/DirAuthServer \
    | xargs -r grep -l -E 'DirAuthHTTPError|HTTPError\(|HTTPResponse\.Status' \
    | grep -v '^Sources/DirAuthServer/Errors/APIErrorStyle.swift$' || true)
if [ -n "$offenders" ]; then
    echo "lint: domain errors mapped to HTTP outside APIErrorStyle: $offenders" >&2
    status=1
fi

[ "$status" -eq 0 ] && echo "lint: headers, file lengths and error mapping are in order"
exit "$status"
