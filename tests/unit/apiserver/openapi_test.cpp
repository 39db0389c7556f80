// The OpenAPI documents: their structure, what kubectl looks for in them, and that the v2
// protobuf carries the same document as the v2 JSON.

#include "apiserver/openapi.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include <boost/json.hpp>

#include "api/resourcetypes.h"
#include "apiserver/openapischema.h"

namespace kubelab::apiserver {
namespace {

boost::json::object parseObject(const std::string& json) { return boost::json::parse(json).as_object(); }

std::string text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.get_string()) : boost::json::serialize(value);
}

boost::json::object v3Document(const std::string& path) {
  auto document = openApiV3Document(path);
  EXPECT_TRUE(document.has_value()) << path;
  return document ? parseObject(*document) : boost::json::object{};
}

std::string groupVersionPath(const api::ResourceType& type) {
  return type.group.empty() ? "api/" + type.version : "apis/" + type.group + "/" + type.version;
}

boost::json::object gvk(const std::string& group, const std::string& version, const std::string& kind) {
  return {{"group", group}, {"kind", kind}, {"version", version}};
}

bool hasQueryParameter(const boost::json::object& operation, std::string_view name) {
  const auto* parameters = operation.if_contains("parameters");
  if (parameters == nullptr) return false;
  for (const auto& parameter : parameters->as_array()) {
    const auto& object = parameter.as_object();
    if (text(object.at("name")) == name && text(object.at("in")) == "query") return true;
  }
  return false;
}

void forEachReference(const boost::json::value& value, const std::function<void(std::string_view)>& visit) {
  if (value.is_array()) {
    for (const auto& item : value.as_array()) forEachReference(item, visit);
  } else if (value.is_object()) {
    for (const auto& member : value.as_object()) {
      if (member.key() == "$ref" && member.value().is_string()) visit(member.value().as_string());
      forEachReference(member.value(), visit);
    }
  }
}

TEST(OpenApiSchemaCatalogTest, ParsesWithoutProblems) {
  const auto& catalog = openapi::builtinSchemaCatalog();
  for (const std::string& problem : catalog.problems()) ADD_FAILURE() << problem;
  EXPECT_GT(catalog.definitions().size(), 100u);
}

TEST(OpenApiSchemaCatalogTest, ReportsUnknownTypesAndBadLines) {
  const auto catalog = openapi::SchemaCatalog::parse({"package a.b\ntype T | x\n  f Missing | y\n  g string bogus | z\n"
                                                      "field outside\n"});
  EXPECT_EQ(catalog.problems().size(), 3u);
}

TEST(OpenApiV3Test, IndexLinksEveryServedGroupVersionByHash) {
  const auto index = parseObject(*openApiV3Document(""));
  const auto& paths = index.at("paths").as_object();
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    const std::string path = groupVersionPath(type);
    ASSERT_TRUE(paths.contains(path)) << path;
    const auto hash = openApiV3Hash(path);
    ASSERT_TRUE(hash.has_value());
    EXPECT_EQ(hash->size(), 128u);  // SHA-512 in hex, as kube-apiserver links its documents
    EXPECT_EQ(text(paths.at(path).at("serverRelativeURL")), "/openapi/v3/" + path + "?hash=" + *hash);
  }
  EXPECT_FALSE(openApiV3Document("apis/apps").has_value());
  EXPECT_FALSE(openApiV3Document("apis/nope/v1").has_value());
  EXPECT_FALSE(openApiV3Hash("").has_value());
}

TEST(OpenApiV3Test, DocumentsAreDeterministic) {
  EXPECT_EQ(*openApiV3Document("api/v1"), *openApiV3Document("api/v1"));
  EXPECT_EQ(openApiV2Document(), openApiV2Document());
  const auto document = v3Document("apis/apps/v1");
  EXPECT_EQ(text(document.at("openapi")), "3.0.0");
  EXPECT_TRUE(document.contains("paths"));
  EXPECT_TRUE(document.at("components").as_object().contains("schemas"));
}

// kubectl sends fieldValidation=Strict, and skips validating on the client, when every PATCH
// operation tagged with the object's kind lists the fieldValidation query parameter.
TEST(OpenApiV3Test, EveryPatchOperationOffersFieldValidation) {
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (!type.hasVerb("patch")) continue;
    const auto document = v3Document(groupVersionPath(type));
    int patches = 0;
    for (const auto& path : document.at("paths").as_object()) {
      const auto* patch = path.value().as_object().if_contains("patch");
      if (patch == nullptr) continue;
      const auto& operation = patch->as_object();
      EXPECT_TRUE(hasQueryParameter(operation, "fieldValidation")) << path.key();
      if (operation.at("x-kubernetes-group-version-kind") == gvk(type.group, type.version, type.kind)) ++patches;
      // Not advertised on purpose: kubectl would compute strategic merge patches from our schemas.
      EXPECT_FALSE(operation.at("requestBody").at("content").as_object().contains(
          "application/strategic-merge-patch+json"));
    }
    EXPECT_GE(patches, 1) << type.kind;
  }
}

// kubectl explain finds a resource's kind through the operations of its collection or item path,
// then the schema whose x-kubernetes-group-version-kind lists that kind.
TEST(OpenApiV3Test, ExplainFindsEveryKindAndItsSchema) {
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    const auto document = v3Document(groupVersionPath(type));
    const std::string prefix = "/" + groupVersionPath(type);
    const std::string collection =
        prefix + (type.namespaced ? "/namespaces/{namespace}/" : "/") + type.plural;
    const auto& paths = document.at("paths").as_object();
    const auto* item = paths.if_contains(collection);
    ASSERT_NE(item, nullptr) << collection;
    bool found = false;
    for (const auto& operation : item->as_object()) {
      if (operation.value().is_object() && operation.value().as_object().contains("x-kubernetes-group-version-kind")) {
        EXPECT_EQ(operation.value().at("x-kubernetes-group-version-kind"), gvk(type.group, type.version, type.kind));
        found = true;
      }
    }
    EXPECT_TRUE(found) << collection;
    int schemas = 0;
    for (const auto& schema : document.at("components").at("schemas").as_object()) {
      const auto* kinds = schema.value().as_object().if_contains("x-kubernetes-group-version-kind");
      if (kinds == nullptr) continue;
      for (const auto& entry : kinds->as_array()) schemas += entry == gvk(type.group, type.version, type.kind);
    }
    EXPECT_EQ(schemas, 1) << type.kind;
  }
}

TEST(OpenApiV3Test, EveryReferenceResolvesWithinItsDocument) {
  std::set<std::string> groupVersions;
  for (const api::ResourceType& type : api::builtinResourceTypes()) groupVersions.insert(groupVersionPath(type));
  for (const std::string& path : groupVersions) {
    const auto document = v3Document(path);
    const auto& schemas = document.at("components").at("schemas").as_object();
    forEachReference(document, [&](std::string_view reference) {
      constexpr std::string_view prefix = "#/components/schemas/";
      ASSERT_EQ(reference.substr(0, prefix.size()), prefix);
      EXPECT_TRUE(schemas.contains(reference.substr(prefix.size()))) << path << ": " << reference;
    });
  }
}

TEST(OpenApiV3Test, PodSchemaDescribesTheCommonlyTaughtFields) {
  const auto document = v3Document("api/v1");
  const auto& schemas = document.at("components").at("schemas").as_object();
  const auto& pod = schemas.at("io.k8s.api.core.v1.Pod").as_object();
  EXPECT_EQ(pod.at("x-kubernetes-group-version-kind"), boost::json::array{gvk("", "v1", "Pod")});
  for (const char* field : {"apiVersion", "kind", "metadata", "spec", "status"}) {
    EXPECT_TRUE(pod.at("properties").as_object().contains(field)) << field;
  }
  EXPECT_EQ(pod.at("properties").at("spec").at("allOf").at(0).at("$ref"),
            "#/components/schemas/io.k8s.api.core.v1.PodSpec");

  const auto& spec = schemas.at("io.k8s.api.core.v1.PodSpec").as_object();
  EXPECT_EQ(spec.at("required"), boost::json::array{"containers"});
  const auto& containers = spec.at("properties").at("containers").as_object();
  EXPECT_EQ(text(containers.at("type")), "array");
  EXPECT_EQ(text(containers.at("items").at("$ref")), "#/components/schemas/io.k8s.api.core.v1.Container");
  EXPECT_EQ(text(containers.at("x-kubernetes-patch-merge-key")), "name");

  const auto& container = schemas.at("io.k8s.api.core.v1.Container").as_object();
  const auto& fields = container.at("properties").as_object();
  for (const char* field : {"name", "image", "ports", "env", "resources", "livenessProbe", "readinessProbe",
                            "startupProbe", "volumeMounts", "command", "args"}) {
    ASSERT_TRUE(fields.contains(field)) << field;
    EXPECT_FALSE(fields.at(field).at("description").as_string().empty()) << field;
  }
  EXPECT_EQ(container.at("required"), boost::json::array{"name"});
  EXPECT_EQ(text(fields.at("image").at("type")), "string");
  EXPECT_EQ(fields.at("imagePullPolicy").at("enum"), (boost::json::array{"Always", "IfNotPresent", "Never"}));
  EXPECT_EQ(fields.at("resources").at("allOf").at(0).at("$ref"),
            "#/components/schemas/io.k8s.api.core.v1.ResourceRequirements");
  const auto& port = schemas.at("io.k8s.api.core.v1.ContainerPort").at("properties").as_object();
  EXPECT_EQ(text(port.at("containerPort").at("type")), "integer");
  EXPECT_EQ(text(port.at("containerPort").at("format")), "int32");

  const auto& limits = schemas.at("io.k8s.api.core.v1.ResourceRequirements").at("properties").at("limits").as_object();
  EXPECT_EQ(text(limits.at("type")), "object");
  EXPECT_EQ(limits.at("additionalProperties").at("$ref"),
            "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
  const auto& quantity = schemas.at("io.k8s.apimachinery.pkg.api.resource.Quantity").as_object();
  EXPECT_FALSE(quantity.contains("type"));  // so that kubectl explain shows <map[string]Quantity>
  EXPECT_EQ(quantity.at("oneOf").as_array().size(), 2u);
  const auto& meta = schemas.at("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").at("properties").as_object();
  EXPECT_EQ(text(meta.at("labels").at("additionalProperties").at("type")), "string");
  EXPECT_EQ(text(meta.at("generation").at("format")), "int64");
  EXPECT_TRUE(schemas.contains("io.k8s.api.core.v1.PodList"));
}

TEST(OpenApiV3Test, WorkloadsHaveScaleAndTheirTemplates) {
  const auto document = v3Document("apis/apps/v1");
  const auto& paths = document.at("paths").as_object();
  const auto& scale = paths.at("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale").as_object();
  EXPECT_EQ(scale.at("patch").at("x-kubernetes-group-version-kind"), gvk("autoscaling", "v1", "Scale"));
  const auto& schemas = document.at("components").at("schemas").as_object();
  const auto& spec = schemas.at("io.k8s.api.apps.v1.DeploymentSpec").as_object();
  EXPECT_EQ(text(spec.at("properties").at("replicas").at("format")), "int32");
  EXPECT_EQ(spec.at("required"), (boost::json::array{"selector", "template"}));
  EXPECT_TRUE(schemas.contains("io.k8s.api.core.v1.PodSpec"));
  EXPECT_TRUE(schemas.contains("io.k8s.api.autoscaling.v1.Scale"));
  const auto batch = v3Document("apis/batch/v1");
  EXPECT_TRUE(batch.at("components").at("schemas").as_object().contains("io.k8s.api.batch.v1.CronJobSpec"));
}

TEST(OpenApiV2Test, DefinitionsCarryNoKindsButOperationsDo) {
  const auto document = parseObject(openApiV2Document());
  EXPECT_EQ(text(document.at("swagger")), "2.0");
  const auto& definitions = document.at("definitions").as_object();
  ASSERT_TRUE(definitions.contains("io.k8s.api.core.v1.Pod"));
  for (const auto& definition : definitions) {
    EXPECT_FALSE(definition.value().as_object().contains("x-kubernetes-group-version-kind")) << definition.key();
  }
  forEachReference(document, [&](std::string_view reference) {
    constexpr std::string_view prefix = "#/definitions/";
    ASSERT_EQ(reference.substr(0, prefix.size()), prefix);
    EXPECT_TRUE(definitions.contains(reference.substr(prefix.size()))) << reference;
  });
  const auto& patch = document.at("paths").at("/api/v1/namespaces/{namespace}/pods/{name}").at("patch").as_object();
  EXPECT_EQ(patch.at("x-kubernetes-group-version-kind"), gvk("", "v1", "Pod"));
  EXPECT_TRUE(hasQueryParameter(patch, "fieldValidation"));
  EXPECT_EQ(text(patch.at("parameters").at(0).at("in")), "body");
  EXPECT_EQ(text(definitions.at("io.k8s.apimachinery.pkg.util.intstr.IntOrString").at("type")), "string");
}

// A minimal protobuf reader: the fields of one message, by number.
std::multimap<int, std::string> readMessage(std::string_view bytes) {
  std::multimap<int, std::string> fields;
  std::size_t position = 0;
  const auto varint = [&] {
    std::uint64_t value = 0;
    for (int shift = 0; position < bytes.size(); shift += 7) {
      const auto byte = static_cast<unsigned char>(bytes[position++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    return value;
  };
  while (position < bytes.size()) {
    const std::uint64_t key = varint();
    const int field = static_cast<int>(key >> 3);
    if ((key & 7) == 0) {
      fields.emplace(field, std::to_string(varint()));
    } else {
      EXPECT_EQ(key & 7, 2u);
      const std::uint64_t length = varint();
      EXPECT_LE(position + length, bytes.size());
      fields.emplace(field, std::string(bytes.substr(position, length)));
      position += length;
    }
  }
  return fields;
}

std::string onlyField(const std::multimap<int, std::string>& fields, int number) {
  EXPECT_EQ(fields.count(number), 1u) << number;
  auto position = fields.find(number);
  return position == fields.end() ? "" : position->second;
}

TEST(OpenApiV2Test, ProtobufHoldsTheSameDocument) {
  const auto json = parseObject(openApiV2Document());
  const auto document = readMessage(openApiV2Protobuf());
  EXPECT_EQ(onlyField(document, 1), "2.0");
  EXPECT_EQ(onlyField(readMessage(onlyField(document, 2)), 1), "Kubernetes");
  const auto definitions = readMessage(onlyField(document, 9));
  EXPECT_EQ(definitions.size(), json.at("definitions").as_object().size());
  const auto paths = readMessage(onlyField(document, 8));
  EXPECT_EQ(paths.count(2), json.at("paths").as_object().size());

  // The Pod's item path: PATCH (field 8) carries the kind as a YAML (here JSON) extension.
  bool sawPodPatch = false;
  for (auto [number, entry] : paths) {
    const auto named = readMessage(entry);
    if (onlyField(named, 1) != "/api/v1/namespaces/{namespace}/pods/{name}") continue;
    const auto patch = readMessage(onlyField(readMessage(onlyField(named, 2)), 8));
    EXPECT_EQ(onlyField(patch, 5), "patchCoreV1NamespacedPod");
    bool sawKind = false;
    for (auto [field, extension] : patch) {
      if (field != 13) continue;
      const auto namedAny = readMessage(extension);
      if (onlyField(namedAny, 1) != "x-kubernetes-group-version-kind") continue;
      const auto yaml = onlyField(readMessage(onlyField(namedAny, 2)), 2);
      EXPECT_EQ(boost::json::parse(yaml), gvk("", "v1", "Pod"));
      sawKind = true;
    }
    EXPECT_TRUE(sawKind);
    sawPodPatch = true;
  }
  EXPECT_TRUE(sawPodPatch);
}

TEST(OpenApiV2Test, NegotiatesByAcceptHeader) {
  const auto protobuf = openApiV2Response("application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
  ASSERT_TRUE(protobuf.has_value());
  EXPECT_EQ(protobuf->contentType, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  EXPECT_EQ(protobuf->body, openApiV2Protobuf());
  for (const char* accept : {"", "application/json", "application/json, */*", "*/*", "text/html, application/*"}) {
    const auto response = openApiV2Response(accept);
    ASSERT_TRUE(response.has_value()) << accept;
    EXPECT_EQ(response->contentType, "application/json") << accept;
  }
  EXPECT_FALSE(openApiV2Response("text/html").has_value());
}

}  // namespace
}  // namespace kubelab::apiserver
