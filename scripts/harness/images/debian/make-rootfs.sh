#!/usr/bin/env bash
# Writes a tarball of a Debian bookworm root file system shaped like the official
# debian:bookworm-slim: debootstrap --variant=minbase, brought up to date with bookworm-updates and
# bookworm-security, then slimmed (no docs, man pages, locales, apt lists; no recommends; apt
# cleans after itself). Usage: make-rootfs.sh OUTPUT.tar   (needs root and debootstrap)
set -euo pipefail

OUT=$1
SUITE=bookworm
MIRROR=${BERTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${BERTH_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

work=$(mktemp -d /var/tmp/berth-rootfs.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
trace=$work/debootstrap.log

fail() { echo "make-rootfs: $1; last lines of the log:" >&2; tail -n 30 "$trace" >&2; exit 1; }

write_apt_config() {
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # The official images' container conventions: services never start during builds, apt keeps
  # no package cache, no translations and no recommended packages.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CLEAN'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CLEAN
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
    >"$root/etc/apt/apt.conf.d/docker-no-recommends"
}

# What makes the -slim variant slim: dpkg never unpacks docs, man pages or locales.
write_dpkg_excludes() {
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
SLIM
}

upgrade_in_chroot() {
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  chroot "$root" apt-get update -qq
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq upgrade
}

remove_build_leftovers() {
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{info,linda,lintian/overrides,locale,man,groff}/* \
    "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old "$root"/var/log/*.log \
    "$root"/var/log/apt/* "$root"/tmp/* "$root"/var/tmp/* "$root"/debootstrap
  # The engine writes these per container; the build host's values must not leak into the image.
  : >"$root/etc/resolv.conf"
  : >"$root/etc/hostname"
  : >"$root/etc/machine-id"
}

debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$trace" 2>&1 || fail "debootstrap failed"
write_apt_config
write_dpkg_excludes
# apt in a chroot without /dev/pts complains harmlessly ("Can not write log"): keep it in the log.
upgrade_in_chroot >>"$trace" 2>&1 || fail "apt-get upgrade in the chroot failed"
remove_build_leftovers
tar --numeric-owner -C "$root" -cf "$OUT.part" .
mv "$OUT.part" "$OUT"
