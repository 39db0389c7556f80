#pragma once
// A fixture for tests that drive a whole cluster as a user does: `kubelabctl up` on a temporary
// state directory (HOME and KUBECONFIG pointed away from the user's own), the real kubectl
// against it, and `kubelabctl down --purge` at the end, whatever the test's outcome.
// The test target defines KUBELABCTL_BINARY.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../apiserver/apiserverfixture.h"
#include "support/temporarydirectory.h"

namespace kubelab::testing {

class KubelabctlClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto directory = TemporaryDirectory::create("kubelab-cluster-test");
    ASSERT_TRUE(directory) << directory.status().toString();
    directory_ = std::move(*directory);
    state_ = directory_->path() / "state";
  }
  void TearDown() override { kubelabctl({"down", "--purge"}); }

  CommandResult kubelabctl(std::vector<std::string> arguments) {
    std::vector<std::string> argv{"/usr/bin/env", "HOME=" + directory_->path().string(), "KUBECONFIG=",
                                  KUBELABCTL_BINARY};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    argv.push_back("--state-dir");
    argv.push_back(state_.string());
    return runCommand(argv, "", 120);
  }
  // kubectl with the cluster's kubeconfig, then kubectlDefaults_ (e.g. "-n shop"), then `arguments`.
  CommandResult kubectl(std::vector<std::string> arguments, const std::string& input = "", int timeoutSeconds = 90) {
    std::vector<std::string> argv{"/usr/bin/kubectl", "--kubeconfig", (state_ / "kubeconfig").string()};
    argv.insert(argv.end(), kubectlDefaults_.begin(), kubectlDefaults_.end());
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return runCommand(argv, input, timeoutSeconds);
  }
  std::string out(const std::vector<std::string>& arguments) { return kubectl(arguments).out; }

  std::vector<std::string> kubectlDefaults_;
  std::unique_ptr<TemporaryDirectory> directory_;
  std::filesystem::path state_;
};

}  // namespace kubelab::testing
