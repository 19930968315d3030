#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when missing (needs root and apt):
#   chromium             browser tests of the viewer, WebGPU through its SwiftShader Vulkan driver
#   gfxreconstruct       gfxrecon-convert, for the capture importer's end-to-end test
#   mesa-vulkan-drivers  lavapipe
#   gcc, libvulkan-dev   building tools/vk-req-probe.c, which asks lavapipe and SwiftShader afresh
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v gfxrecon-convert >/dev/null 2>&1 || need+=(gfxreconstruct)
ls /usr/share/vulkan/icd.d/lvp_icd.*.json >/dev/null 2>&1 || need+=(mesa-vulkan-drivers)
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ -f /usr/include/vulkan/vulkan.h ] || need+=(libvulkan-dev)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: need root to apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${need[@]}"
