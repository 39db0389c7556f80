#pragma once
// Reading and atomically replacing the small JSON files in a cluster's state directory.
// Boost.JSON stays behind this header and the exceptions it may throw stop here.

#include <filesystem>

#include <boost/json/value.hpp>

#include "common/status.h"

namespace kubelab::supervisor {

// NotFound when the file does not exist, Invalid when it is not JSON.
Result<boost::json::value> readJsonFile(const std::filesystem::path& file);
// Writes `<file>.tmp`, syncs it, and renames it over `file`, so readers never see half a file.
Status writeJsonFileAtomically(const std::filesystem::path& file, const boost::json::value& value);

}  // namespace kubelab::supervisor
