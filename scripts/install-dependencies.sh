#!/usr/bin/env bash
# Installs the Debian packages KubeLab needs to build and test; only what is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config curl strace libcap2-bin
  libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev libboost-program-options1.81-dev
  libsqlite3-dev libssl-dev libyaml-cpp-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  etcd-server etcd-client
  python3-kubernetes
  busybox-static
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools libqt6opengl6-dev libxkbcommon-dev
  xvfb imagemagick fonts-noto-cjk
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo_prefix=()
if [ "$(id -u)" -ne 0 ]; then sudo_prefix=(sudo); fi
"${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
