// Protobuf request bodies decoded to the JSON the API server would hold for them: the bodies the
// real kubectl v1.32 sends (captured by protobuf_fixtures/capture.sh) against what the same
// command prints with --dry-run=client -o json, and hand-built bodies for the wire format's corners.

#include "apiserver/protobufdecoder.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "apiserver/protobufschema.h"

namespace kubelab::apiserver {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(__FILE__).parent_path() / "protobuf_fixtures";

std::string readFile(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

boost::json::object decodeFixture(std::string_view name) {
  Result<boost::json::object> decoded = decodeKubernetesProtobuf(readFile(kFixtures / (std::string(name) + ".pb")));
  EXPECT_TRUE(decoded.isOk()) << name << ": " << decoded.status().toString();
  return decoded.isOk() ? *decoded : boost::json::object();
}

boost::json::object expectedFixture(std::string_view name) {
  return boost::json::parse(readFile(kFixtures / (std::string(name) + ".json"))).as_object();
}

// The decoded body of the named capture equals the JSON kubectl printed for the same command.
void expectFixture(std::string_view name) {
  boost::json::object decoded = decodeFixture(name);
  boost::json::object expected = expectedFixture(name);
  EXPECT_EQ(decoded, expected) << name << "\n decoded:  " << boost::json::serialize(decoded)
                               << "\n expected: " << boost::json::serialize(expected);
}

TEST(ProtobufSchemaTest, BuildsAndResolvesEveryKind) {
  const Result<protobuf::Schema>& schema = protobuf::kubernetesSchema();
  ASSERT_TRUE(schema.isOk()) << schema.status().toString();
  for (const protobuf::TopLevelKind& kind : protobuf::topLevelKinds()) {
    std::string apiVersion = kind.apiVersion == "*" ? "v1" : std::string(kind.apiVersion);
    EXPECT_NE(schema->findKind(apiVersion, kind.kind), nullptr) << kind.kind;
  }
  EXPECT_EQ(schema->findKind("apps/v1", "StatefulSet"), nullptr);
  EXPECT_EQ(schema->findKind("apps/v1beta1", "Deployment"), nullptr);
}

class KubectlCreateTest : public testing::TestWithParam<std::string_view> {};

TEST_P(KubectlCreateTest, DecodesAsKubectlPrintsIt) { expectFixture(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Captured, KubectlCreateTest,
    testing::Values("namespace", "namespace_labels", "deployment", "deployment_zero_replicas", "deployment_two_images",
                    "deployment_command", "configmap", "configmap_hash", "secret_generic", "secret_tls",
                    "secret_docker_registry", "service_clusterip", "service_headless", "service_nodeport",
                    "service_loadbalancer", "service_externalname", "serviceaccount", "job", "job_from_cronjob",
                    "cronjob", "role", "clusterrole", "clusterrole_aggregated", "clusterrole_nonresource",
                    "rolebinding", "clusterrolebinding", "quota"),
    [](const testing::TestParamInfo<std::string_view>& param) { return std::string(param.param); });

}  // namespace
}  // namespace kubelab::apiserver
