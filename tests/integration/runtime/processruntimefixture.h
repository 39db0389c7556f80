#pragma once
// The process runtime driven directly, without an API server: a runtime on a temporary root
// with the repository's image catalog (copied, so a test may add images) and fast back-offs,
// and helpers to build pods on free loopback addresses.

#include <boost/json/object.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "http/httpclient.h"
#include "runtime/processruntime.h"
#include "support/temporarydirectory.h"

namespace kubelab::runtime {

http::RequestOptions quick();
std::string readFile(const std::filesystem::path& file);
// A pod address nobody else uses: 127.10.200.<random>.
std::string freePodIp();
boost::json::object makePod(const std::string& name, const std::string& uid, const std::string& restartPolicy,
                            boost::json::array containers, boost::json::array volumes = {});

class ProcessRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { runtime_.reset(); }
  void start();
  // The first container's state ({} when the pod is unknown).
  ContainerState state(const std::string& uid);

  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_;
  std::filesystem::path catalogFile_;
  ProcessRuntimeOptions options_;
  std::unique_ptr<ProcessRuntime> runtime_;
};

}  // namespace kubelab::runtime
