#pragma once
// A fresh directory under $TMPDIR (or /tmp) that is removed with everything in it when the
// object goes away.

#include <filesystem>
#include <memory>
#include <string>

#include "common/status.h"

namespace kubelab::testing {

class TemporaryDirectory {
 public:
  // `prefix` makes leftovers recognizable should a test process be killed before cleanup.
  static Result<std::unique_ptr<TemporaryDirectory>> create(const std::string& prefix = "kubelab-test");
  ~TemporaryDirectory();
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit TemporaryDirectory(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace kubelab::testing
