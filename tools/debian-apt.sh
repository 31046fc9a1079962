# Sourced by hvsim's fetch scripts: a private apt configuration on the
# machine's own Debian mirror (tools/debian-mirror) with sid's suite and the
# architectures hvsim's guests and peers use. The system's apt sources,
# state and caches are never touched.
#
#   debian_apt_init DIR NAME      lists and cache under DIR; NAME prefixes messages;
#                                 sets the array aptopts for apt-get/apt-cache
#   debian_fetch DEBDIR ARCH PKG...   prints the .deb paths in DEBDIR, downloading only
#                                 those not there, each checked against the archive's sha256

debian_apt_init() {
	local dir=$1
	DEBIAN_APT_WHO=$2
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/etc"
	local mirror
	mirror=$("$(dirname "${BASH_SOURCE[0]}")/debian-mirror") ||
		{ echo "$DEBIAN_APT_WHO: cannot tell which Debian mirror to use" >&2; exit 1; }
	echo "deb [arch=arm64,amd64,loong64] $mirror sid main" >"$dir/etc/sources.list"
	aptopts=(-o Dir::Etc::SourceList="$dir/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
		 -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache"
		 -o Dir::State::status=/dev/null -o APT::Architectures="amd64,arm64,loong64"
		 -o Debug::NoLocking=1 -o Acquire::Languages=none -q
		 -o Dir::Cache::pkgcache="$dir/cache/pkgcache.bin"
		 -o Dir::Cache::srcpkgcache="$dir/cache/srcpkgcache.bin")
	# apt-get update can fail, or succeed with nothing fetched: what counts
	# is that there are package lists (stale ones still resolve). Callers in
	# parallel (ctest -j runs the arm64 and loong64 fixtures at once) share
	# DIR and run without apt's locks, so they take turns for the update:
	# two updates of one lists directory at once fail both on an empty
	# cache. Reading the lists needs no turn (an update replaces each file
	# whole).
	exec 8>"$dir/.lock"
	flock 8
	apt-get "${aptopts[@]}" update >"$dir/update.log" 2>&1 || true
	if grep -v unsandboxed "$dir/update.log" | grep -qE '^(E|W): '; then
		ls "$dir/lists/"*_Packages* >/dev/null 2>&1 ||
			{ echo "$DEBIAN_APT_WHO: cannot reach Debian's archive ($mirror) and there are no package lists from before" >&2; exit 1; }
		echo "$DEBIAN_APT_WHO: WARNING: apt-get update failed; using the previous package lists" >&2
	fi
	exec 8>&-
}

debian_fetch() {
	local debs=$1 arch=$2
	shift 2
	local pkgs=() p
	for p in "$@"; do pkgs+=("$p:$arch"); done
	local uris missing=() file sum
	uris=$(apt-get "${aptopts[@]}" download --print-uris "${pkgs[@]}") ||
		{ echo "$DEBIAN_APT_WHO: cannot resolve $*" >&2; exit 1; }
	[ "$(grep -c . <<<"$uris")" -eq $# ] ||
		{ echo "$DEBIAN_APT_WHO: cannot resolve all of $* (got: $uris)" >&2; exit 1; }
	while read -r _ file _ sum; do
		[ -f "$debs/$file" ] || missing+=("$(sed 's/_.*//' <<<"$file"):$arch")
	done <<<"$uris"
	if [ ${#missing[@]} -gt 0 ]; then
		echo "$DEBIAN_APT_WHO: downloading ${#missing[@]} packages" >&2
		# root downloads unsandboxed into a directory _apt cannot write: the one line dropped
		(cd "$debs" && apt-get "${aptopts[@]}" download "${missing[@]}" 2>&1 >/dev/null |
			{ grep -v unsandboxed >&2 || true; })
	fi
	while read -r _ file _ sum; do
		[ -f "$debs/$file" ] || { echo "$DEBIAN_APT_WHO: download of $file failed" >&2; exit 1; }
		[ "$(sha256sum "$debs/$file" | cut -d' ' -f1)" = "${sum#SHA256:}" ] ||
			{ rm -f "$debs/$file"; echo "$DEBIAN_APT_WHO: $file: sha256 mismatch (removed; run again)" >&2; exit 1; }
		echo "$debs/$file"
	done <<<"$uris"
}
