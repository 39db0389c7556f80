#pragma once
// The resource types this cluster serves, described as `kubectl api-resources -o wide` shows them
// against a real Kubernetes 1.32 cluster: names, short names, categories, verbs and scope. The API
// server's discovery, routing and storage all read from this one table.

#include <string>
#include <string_view>
#include <vector>

namespace kubelab::api {

struct ResourceType {
  std::string group;  // "" for core
  std::string version;
  std::string kind;
  std::string plural;
  std::string singular;
  std::string listKind;
  bool namespaced = true;
  std::vector<std::string> shortNames;
  std::vector<std::string> categories;
  std::vector<std::string> verbs;
  // Subresources we serve: "status", "scale", "binding", "log", "exec", "eviction", "finalize".
  std::vector<std::string> subresources;
  // What discovery reports as storageVersionHash ("" where Kubernetes reports none).
  std::string storageVersionHash;

  std::string apiVersion() const;  // "v1" or "apps/v1"
  bool hasVerb(std::string_view verb) const;
  bool hasSubresource(std::string_view subresource) const;
};

const std::vector<ResourceType>& builtinResourceTypes();
const ResourceType* findResourceType(std::string_view group, std::string_view version, std::string_view plural);
const ResourceType* findResourceTypeByKind(std::string_view apiVersion, std::string_view kind);
// Resolves what a user may type after `kubectl get`: plural, singular, short name or kind,
// case-insensitively, optionally qualified by group ("deployments.apps"). Core types win ties,
// as kubectl prefers them (so "events" is core/v1 Events).
const ResourceType* resolveResourceName(std::string_view name);

}  // namespace kubelab::api
