// Protobuf request bodies decoded to the JSON the API server would hold for them: the bodies the
// real kubectl v1.32 sends (captured by protobuf_fixtures/capture.sh) against what the same
// command prints with --dry-run=client -o json, and hand-built bodies for the wire format's corners.
// The job_from_{zeros,values} and reconcile_* captures come from objects that set every field of
// the schema (protobuf_fixtures/makestubs.py), to zero and to distinct values, so kubectl's own Go
// types check each field's number and presence rule.

#include "apiserver/protobufdecoder.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
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

// Writes the protobuf wire format, for bodies no kubectl command sends.
class Proto {
 public:
  Proto& varint(std::uint32_t field, std::uint64_t value) {
    key(field, 0);
    writeVarint(value);
    return *this;
  }
  Proto& bytes(std::uint32_t field, std::string_view value) {
    key(field, 2);
    writeVarint(value.size());
    data_.append(value);
    return *this;
  }
  Proto& message(std::uint32_t field, const Proto& value) { return bytes(field, value.data_); }
  Proto& raw(std::string_view value) {
    data_.append(value);
    return *this;
  }
  const std::string& data() const { return data_; }

 private:
  void key(std::uint32_t field, int wireType) { writeVarint((std::uint64_t{field} << 3) | static_cast<unsigned>(wireType)); }
  void writeVarint(std::uint64_t value) {
    while (value >= 0x80) {
      data_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    data_.push_back(static_cast<char>(value));
  }
  std::string data_;
};

// A body as client-go frames it: the magic, then runtime.Unknown around the object's message.
std::string body(std::string_view apiVersion, std::string_view kind, const Proto& object) {
  Proto envelope;
  envelope.message(1, Proto().bytes(1, apiVersion).bytes(2, kind)).message(2, object).bytes(3, "").bytes(4, "");
  return std::string(kKubernetesProtobufMagic) + envelope.data();
}

Proto named(std::string_view name) { return Proto().message(1, Proto().bytes(1, name)); }

boost::json::object decode(const std::string& input) {
  Result<boost::json::object> decoded = decodeKubernetesProtobuf(input);
  EXPECT_TRUE(decoded.isOk()) << decoded.status().toString();
  return decoded.isOk() ? *decoded : boost::json::object();
}

std::string errorOf(const std::string& input) {
  Result<boost::json::object> decoded = decodeKubernetesProtobuf(input);
  EXPECT_FALSE(decoded.isOk()) << boost::json::serialize(decoded.isOk() ? *decoded : boost::json::object());
  EXPECT_EQ(decoded.status().code(), StatusCode::BadRequest);
  return decoded.status().message();
}

boost::json::value json(std::string_view text) { return boost::json::parse(text); }

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
                    "job_from_zeros", "job_from_values", "cronjob", "role", "clusterrole", "clusterrole_aggregated",
                    "clusterrole_nonresource", "rolebinding", "clusterrolebinding", "quota", "reconcile_role_zeros",
                    "reconcile_role_values", "reconcile_clusterrole_zeros", "reconcile_clusterrole_values",
                    "reconcile_rolebinding_zeros", "reconcile_rolebinding_values", "reconcile_clusterrolebinding_zeros",
                    "reconcile_clusterrolebinding_values"),
    [](const testing::TestParamInfo<std::string_view>& param) { return std::string(param.param); });

// Commands with no --dry-run: their <case>.json is checked by hand against the Go types
// (SubjectAccessReviewStatus.allowed and SubjectRulesReviewStatus's lists have no omitempty, all of
// PodStatus does).
class KubectlOtherTest : public testing::TestWithParam<std::string_view> {};

TEST_P(KubectlOtherTest, DecodesAsTheGoTypesRenderIt) { expectFixture(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Captured, KubectlOtherTest,
    testing::Values("can_i_resource", "can_i_subresource", "can_i_named", "can_i_all_namespaces", "can_i_nonresource",
                    "can_i_list", "whoami", "debug_copy", "debug_node", "drain_delete_options"),
    [](const testing::TestParamInfo<std::string_view>& param) { return std::string(param.param); });

TEST(ProtobufDecoderTest, RendersStructsAndLeavesOutWhatGoOmits) {
  EXPECT_EQ(decode(body("v1", "Namespace", named("team"))),
            json(R"({"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team","creationTimestamp":null},)"
                 R"("spec":{},"status":{}})"));
}

TEST(ProtobufDecoderTest, PointersAppearWhenSentEvenIfZero) {
  Proto spec;
  spec.varint(1, 0).varint(7, 0).varint(5, 0);  // replicas (a pointer), paused and minReadySeconds (omitempty)
  boost::json::object deployment = decode(body("apps/v1", "Deployment", Proto(named("web")).message(2, spec)));
  boost::json::object& rendered = deployment.at("spec").as_object();
  EXPECT_EQ(rendered.at("replicas"), json("0"));
  EXPECT_FALSE(rendered.contains("paused"));
  EXPECT_FALSE(rendered.contains("minReadySeconds"));
  EXPECT_FALSE(rendered.contains("revisionHistoryLimit"));
  EXPECT_EQ(rendered.at("selector"), json("null"));  // a pointer without omitempty
  EXPECT_EQ(rendered.at("strategy"), json("{}"));
}

TEST(ProtobufDecoderTest, RendersReplicaSetStatusReplicasEvenWhenZero) {
  Proto status;
  status.varint(1, 0).varint(3, 0);  // replicas has no omitempty, observedGeneration has
  boost::json::object replicaSet = decode(body("apps/v1", "ReplicaSet", Proto(named("rs")).message(3, status)));
  EXPECT_EQ(replicaSet.at("status"), json(R"({"replicas":0})"));
  EXPECT_EQ(replicaSet.at("spec"), json(R"({"selector":null,"template":{"metadata":{"creationTimestamp":null},)"
                                        R"("spec":{"containers":null}}})"));
}

TEST(ProtobufDecoderTest, ReadsNegativeInt32SignExtended) {
  Proto spec;
  spec.varint(1, static_cast<std::uint64_t>(std::int64_t{-1}));
  boost::json::object deployment = decode(body("apps/v1", "Deployment", Proto(named("web")).message(2, spec)));
  EXPECT_EQ(deployment.at("spec").at("replicas"), json("-1"));
}

TEST(ProtobufDecoderTest, ReadsPackedAndUnpackedRepeatedNumbers) {
  Proto packed;
  packed.bytes(4, std::string("\x01\xe8\x07", 3)).varint(4, 5);  // supplementalGroups 1, 1000, then 5 unpacked
  Proto podSpec;
  podSpec.message(14, packed);
  boost::json::object pod = decode(body("v1", "Pod", Proto(named("p")).message(2, podSpec)));
  EXPECT_EQ(pod.at("spec").at("securityContext"), json(R"({"supplementalGroups":[1,1000,5]})"));
  EXPECT_EQ(pod.at("spec").at("containers"), json("null"));  // no omitempty on containers
}

TEST(ProtobufDecoderTest, MapsKeepTheLastValueAndSortKeys) {
  auto entry = [](std::string_view key, std::string_view value) { return Proto().bytes(1, key).bytes(2, value); };
  Proto secret = named("s");
  secret.message(2, entry("b", "two")).message(2, entry("a", "old")).message(2, entry("a", std::string("\0\xff", 2)));
  secret.message(2, Proto().bytes(1, "empty").bytes(2, "")).bytes(3, "Opaque");
  boost::json::object decoded = decode(body("v1", "Secret", secret));
  EXPECT_EQ(boost::json::serialize(decoded.at("data")), R"({"a":"AP8=","b":"dHdv","empty":""})");
  EXPECT_EQ(decoded.at("type"), json(R"("Opaque")"));
}

TEST(ProtobufDecoderTest, FormatsTimesAsGoDoes) {
  Proto metadata;
  metadata.bytes(1, "x").message(8, Proto().varint(1, 1704164645).varint(2, 999));
  metadata.message(9, Proto().varint(1, 0).varint(2, 0));  // the epoch, present, is not Go's zero time
  metadata.message(17, Proto().bytes(1, "kubectl").message(4, Proto()).message(7, Proto().bytes(1, R"({"f:a":{}})")));
  boost::json::object decoded = decode(body("v1", "ConfigMap", Proto().message(1, metadata)));
  EXPECT_EQ(decoded.at("metadata"),
            json(R"({"name":"x","creationTimestamp":"2024-01-02T03:04:05Z","deletionTimestamp":"1970-01-01T00:00:00Z",)"
                 R"("managedFields":[{"manager":"kubectl","time":null,"fieldsV1":{"f:a":{}}}]})"));

  Proto spec;
  spec.message(3, Proto().varint(1, static_cast<std::uint64_t>(std::int64_t{-1})).varint(2, 123456789));
  boost::json::object lease = decode(body("coordination.k8s.io/v1", "Lease", Proto(named("node1")).message(2, spec)));
  EXPECT_EQ(lease.at("spec"), json(R"({"acquireTime":"1969-12-31T23:59:59.123456Z"})"));

  Proto farFuture;
  farFuture.bytes(1, "x").message(8, Proto().varint(1, std::uint64_t{1} << 62));
  EXPECT_EQ(errorOf(body("v1", "ConfigMap", Proto().message(1, farFuture))),
            "malformed protobuf body for v1 ConfigMap (at metadata.creationTimestamp): a time outside years 1 to 9999");
}

TEST(ProtobufDecoderTest, ReadsIntOrStringAndQuantity) {
  Proto byName;
  byName.varint(3, 80).message(4, Proto().varint(1, 1).varint(2, 0).bytes(3, "http"));
  Proto byNumber;
  byNumber.varint(3, 443).message(4, Proto().varint(1, 0).varint(2, 8443).bytes(3, ""));
  Proto unset;
  unset.varint(3, 53);
  Proto spec;
  spec.message(1, byName).message(1, byNumber).message(1, unset);
  boost::json::object service = decode(body("v1", "Service", Proto(named("s")).message(2, spec)));
  EXPECT_EQ(service.at("spec").at("ports"),
            json(R"([{"port":80,"targetPort":"http"},{"port":443,"targetPort":8443},{"port":53,"targetPort":0}])"));

  Proto quota;
  quota.message(1, Proto().bytes(1, "pods").message(2, Proto().bytes(1, "10")));
  quota.message(1, Proto().bytes(1, "cpu").message(2, Proto()));
  boost::json::object decoded = decode(body("v1", "ResourceQuota", Proto(named("q")).message(2, quota)));
  EXPECT_EQ(decoded.at("spec"), json(R"({"hard":{"cpu":"0","pods":"10"}})"));
}

TEST(ProtobufDecoderTest, MergesRepeatedOccurrencesOfAMessage) {
  Proto configMap;
  configMap.message(1, Proto().bytes(1, "x")).message(1, Proto().bytes(3, "team")).varint(4, 0);
  EXPECT_EQ(decode(body("v1", "ConfigMap", configMap)),
            json(R"({"kind":"ConfigMap","apiVersion":"v1",)"
                 R"("metadata":{"name":"x","namespace":"team","creationTimestamp":null},"immutable":false})"));
}

TEST(ProtobufDecoderTest, ReplacesInvalidUtf8AsGoDoes) {
  boost::json::object decoded = decode(body("v1", "Namespace", named(std::string("a\xff" "b", 3))));
  EXPECT_EQ(decoded.at("metadata").at("name"), json(R"("a\ufffdb")"));
}

TEST(ProtobufDecoderTest, IgnoresUnknownFieldsThatCarryNothing) {
  Proto podSpec;
  podSpec.bytes(99, "").varint(98, 0);
  boost::json::object pod = decode(body("v1", "Pod", Proto(named("p")).message(2, podSpec)));
  EXPECT_EQ(pod.at("spec"), json(R"({"containers":null})"));
}

TEST(ProtobufDecoderTest, RefusesUnknownFieldsThatCarrySomething) {
  Proto podSpec;
  podSpec.bytes(99, "x");
  Proto template_;
  template_.message(2, podSpec);
  std::string message = errorOf(body("apps/v1", "Deployment", Proto(named("d")).message(2, Proto().message(3, template_))));
  EXPECT_EQ(message,
            "KubeLab cannot decode protobuf field 99 of PodSpec (at spec.template.spec) in apps/v1 Deployment yet; "
            "send JSON instead, for example with kubectl apply -f");
}

TEST(ProtobufDecoderTest, RefusesKindsWithoutASchema) {
  EXPECT_EQ(errorOf(body("apps/v1", "StatefulSet", named("s"))),
            "KubeLab cannot decode protobuf for apps/v1 StatefulSet yet; send JSON instead, for example with "
            "kubectl apply -f");
  std::string compressed = std::string(kKubernetesProtobufMagic) +
                           Proto().message(1, Proto().bytes(1, "v1").bytes(2, "Namespace")).bytes(3, "gzip").data();
  EXPECT_NE(errorOf(compressed).find("contentEncoding \"gzip\""), std::string::npos);
}

TEST(ProtobufDecoderTest, RefusesMalformedBodies) {
  EXPECT_EQ(errorOf(R"({"kind":"Namespace"})"),
            "malformed protobuf body: it does not start with the Kubernetes protobuf prefix \"k8s\\x00\"");
  std::string magic(kKubernetesProtobufMagic);
  EXPECT_EQ(errorOf(magic + "\x0a\x05" "ab"), "malformed protobuf body: truncated length-delimited field");
  EXPECT_EQ(errorOf(magic + Proto().bytes(2, "x").data()),
            "malformed protobuf body: the runtime.Unknown envelope names no apiVersion and kind");
  EXPECT_EQ(errorOf(body("v1", "Namespace", Proto().message(1, Proto().raw("\x0a")))),
            "malformed protobuf body for v1 Namespace (at metadata): truncated length-delimited field");
  EXPECT_EQ(errorOf(body("v1", "Namespace", Proto().message(1, Proto().varint(1, 7)))),
            "malformed protobuf body for v1 Namespace (at metadata.name): expected a length-delimited value");
  EXPECT_EQ(errorOf(body("v1", "Namespace", Proto().raw("\x08\xff\xff"))),
            "malformed protobuf body for v1 Namespace: truncated varint");
  EXPECT_EQ(errorOf(body("v1", "Namespace", Proto().raw("\x0b"))),
            "malformed protobuf body for v1 Namespace: unsupported wire type 3");
  Proto emptyQuantity = Proto().bytes(1, "cpu").message(2, Proto().bytes(1, ""));
  EXPECT_EQ(errorOf(body("v1", "ResourceQuota", Proto().message(2, Proto().message(1, emptyQuantity)))),
            "malformed protobuf body for v1 ResourceQuota (at spec.hard): quantities must match the regular "
            "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

// No body crashes the server: every prefix of every captured body, and every body with one byte
// corrupted, decodes or is refused as a bad request.
TEST(ProtobufDecoderTest, SurvivesTruncatedAndCorruptedBodies) {
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures)) {
    if (entry.path().extension() != ".pb") continue;
    std::string captured = readFile(entry.path());
    // About a thousand cuts and corruptions per body keep the test quick on the large ones.
    std::size_t step = std::max<std::size_t>(1, captured.size() / 1000);
    for (std::size_t length = 0; length <= captured.size(); length += step) {
      Result<boost::json::object> decoded = decodeKubernetesProtobuf(captured.substr(0, length));
      EXPECT_TRUE(decoded.isOk() || decoded.status().code() == StatusCode::BadRequest) << entry.path() << " " << length;
    }
    const char masks[] = {'\x01', '\x80', '\xff'};
    for (std::size_t position = 0; position < captured.size(); position += step) {
      std::string corrupted = captured;
      corrupted[position] = static_cast<char>(corrupted[position] ^ masks[position % 3]);
      Result<boost::json::object> decoded = decodeKubernetesProtobuf(corrupted);
      EXPECT_TRUE(decoded.isOk() || decoded.status().code() == StatusCode::BadRequest) << entry.path() << " " << position;
    }
  }
}

}  // namespace
}  // namespace kubelab::apiserver
