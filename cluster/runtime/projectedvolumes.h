#pragma once
// The files of configMap, secret and downwardAPI volumes, written as the kubelet's AtomicWriter
// does, so a container never sees half an update:
//
//   <volume>/..2024_05_01_10_00_00.000000001/key    the files of one version
//   <volume>/..data -> ..2024_05_01_10_00_00.000000001
//   <volume>/key -> ..data/key                        what the container opens
//
// A new version is written into a fresh timestamped directory, then `..data` is switched to it
// with one rename(2) of a symbolic link, and only then is the old version removed.

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/podruntime.h"

namespace kubelab::runtime {

// Makes `directory` hold exactly `files` (paths relative to it, modes as given). Nothing is
// written when it already does. Paths that are absolute, empty, start with "..", or climb out
// are refused (Invalid), as the kubelet refuses them.
Status writeVolumeFiles(const std::filesystem::path& directory, const std::vector<VolumeFile>& files);

// The version `..data` points at, or an empty path before the first write.
std::filesystem::path currentVolumeVersion(const std::filesystem::path& directory);

}  // namespace kubelab::runtime
