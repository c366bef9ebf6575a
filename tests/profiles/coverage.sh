#!/bin/bash
# Every table row of every vendor document is encoded by a named service of its
# profile or excluded with a reason (tests/profiles/<id>.rows, check-coverage).
. "$(dirname "$0")/../integration/lib.sh"

for rows in "$top_srcdir"/tests/profiles/*.rows; do
	id=$(basename "$rows" .rows)
	check "$id: every row accounted for" \
		"${PYTHON3:-python3}" "$top_srcdir/tests/profiles/check-coverage" \
		"$top_srcdir/profiles/$id.json" "$rows"
done
check "a rows file for every shipped profile" \
	bash -c "for p in '$top_srcdir'/profiles/*.json; do test -f '$top_srcdir'/tests/profiles/\$(basename \$p .json).rows || exit 1; done"
finish
