#include "processruntimefixture.h"

#include <fstream>
#include <random>
#include <sstream>

namespace kubelab::runtime {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

http::RequestOptions quick() {
  http::RequestOptions options;
  options.timeout = 1000ms;
  return options;
}

std::string readFile(const fs::path& file) {
  std::ifstream input(file);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

std::string freePodIp() {
  static std::mt19937 random(std::random_device{}());
  return "127.10.200." + std::to_string(std::uniform_int_distribution<int>(2, 254)(random));
}

boost::json::object makePod(const std::string& name, const std::string& uid, const std::string& restartPolicy,
                            boost::json::array containers, boost::json::array volumes) {
  return {{"metadata", {{"name", name}, {"namespace", "default"}, {"uid", uid}}},
          {"spec",
           {{"nodeName", "node-200"},
            {"restartPolicy", restartPolicy},
            {"containers", std::move(containers)},
            {"volumes", std::move(volumes)}}},
          {"status", {{"podIP", freePodIp()}, {"hostIP", "127.10.200.1"}}}};
}

void ProcessRuntimeTest::SetUp() {
  auto directory = kubelab::testing::TemporaryDirectory::create("kubelab-runtime-test");
  ASSERT_TRUE(directory.isOk());
  directory_ = std::move(*directory);
  catalogFile_ = directory_->path() / "images.yaml";
  fs::copy_file(KUBELAB_IMAGE_CATALOG, catalogFile_);
  options_.rootDirectory = directory_->path() / "root";
  options_.catalogFile = catalogFile_;
  options_.programDirectory = KUBELAB_PROGRAM_DIRECTORY;
  options_.restartBackoffBase = 300ms;
  options_.restartBackoffCap = 1200ms;
  options_.imagePullAttempt = 200ms;
}

void ProcessRuntimeTest::start() {
  auto created = ProcessRuntime::create(options_);
  ASSERT_TRUE(created.isOk()) << created.status().toString();
  runtime_ = std::move(*created);
}

ContainerState ProcessRuntimeTest::state(const std::string& uid) {
  auto status = runtime_->status(uid);
  if (!status || status->containers.empty()) return {};
  return status->containers.front().second;
}

}  // namespace kubelab::runtime
