#!/bin/bash
# The bash completion (contrib/completion/portproof) as `make install` installs
# it: registered for portproof (complete -p), and what it offers on a few command
# lines: the subcommands, the options of each (every option of --help offered
# somewhere, nothing that --help does not list), the formats, profile ids and the
# roles of the profile named on the line, file names.  Needs no root, no lab.
. "$(dirname "$0")/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T" "$TMPERR"' EXIT

expect_exit 0 make -s -C "$top_builddir" install DESTDIR="$T/inst"
comp=$(find "$T/inst" -path '*/share/bash-completion/completions/portproof')
check "make install puts it in share/bash-completion/completions" [ -f "$comp" ]

# complete_line WORD...: what the completion offers for the last word, one a line.
complete_line() {
	bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_portproof
		printf "%s\n" "${COMPREPLY[@]}"' complete "$comp" "$PORTPROOF" "$@"
}
# offers EXPECTED WORD...: the offer for that line is exactly EXPECTED (sorted).
offers() {
	local want=$1
	shift
	[ "$(complete_line "$@" | sort | tr '\n' ' ')" = "$want " ]
}

check "complete -p: registered for portproof" \
	[ "$(bash --norc -c '. "$1"; complete -p portproof' x "$comp")" = "complete -F _portproof portproof" ]
check "subcommands" offers "--help --version audit diff merge profile report scan" ""
check "compgen: subcommands starting with p" offers "profile" p
check "profile's subcommands" offers "firewall lint list ports show" profile ""
check "profile ids" offers "$(cd "$top_srcdir/profiles" && ls ./*.json | sed 's|^\./||; s|\.json$||' | sort | tr '\n' ' ' | sed 's/ $//')" profile ports ""
check "the roles of the profile on the line" offers "expansion primary secondary" profile ports cisco-mediasense --role ""
check "roles after --profile-dir" offers "expansion primary secondary" \
	profile --profile-dir "$top_srcdir/profiles" ports cisco-mediasense --role ""
check "report formats" offers "csv html json junit text xml" report r.json --format ""
check "firewall formats" offers "ip6tables iptables nft" profile firewall cisco-mediasense --format ""
check "--sweep values" offers "all none top1000" audit site.json --sweep ""
check "audit options starting with --f" offers "--fail-under --force --format --full-ranges" audit --f
check "scan takes -iL" offers "-iL" scan -i
check "audit does not" [ -z "$(complete_line audit -i)" ]
check "diff's options: no probe option" [ -z "$(complete_line diff --r)" ]
touch "$T/site.json"
check "audit: a file" offers "$T/site.json" audit "$T/si"
check "-o: a file" offers "$T/site.json" scan -o "$T/s"

# Every option of --help is offered by some subcommand, and nothing else is.
help=$("$PORTPROOF" --help | grep -oE -- '(^|[ ,])--?[a-zA-Z0-9][a-zA-Z0-9-]*' | tr -d ' ,' | sort -u)
offered=$(for s in audit scan profile report diff merge; do complete_line "$s" -; done |
	cat - <(complete_line "") | grep '^-' | sort -u)
check "every option of --help is offered" [ -z "$(comm -23 <(echo "$help") <(echo "$offered"))" ]
check "nothing is offered that --help does not list" [ -z "$(comm -13 <(echo "$help") <(echo "$offered"))" ]
comm -3 <(echo "$help") <(echo "$offered") | sed 's/^/help vs completion: /'

finish
