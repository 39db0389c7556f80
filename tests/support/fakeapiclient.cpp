#include "support/fakeapiclient.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/objectmeta.h"
#include "api/patch.h"

namespace kubelab::testing {

namespace {

bool isWrite(const std::string& verb) { return verb != "get" && verb != "list" && verb != "watch"; }

}  // namespace

std::string Action::summary() const {
  std::string text = verb + " " + resource.plural;
  if (!subresource.empty()) text += "/" + subresource;
  return text;
}

std::string FakeApiClient::storageKey(const client::GroupVersionResource& resource, std::string_view ns,
                                      std::string_view name) {
  return resource.group + "/" + resource.plural + "/" + (resource.namespaced ? std::string(ns) : "") + "/" +
         std::string(name);
}

void FakeApiClient::record(Action action) { actions_.push_back(std::move(action)); }

void FakeApiClient::seed(const client::GroupVersionResource& resource, client::Object object) {
  std::lock_guard lock(mutex_);
  auto& metadata = api::ensureObject(object, "metadata");
  if (!metadata.contains("resourceVersion")) metadata["resourceVersion"] = std::to_string(++nextResourceVersion_);
  if (!metadata.contains("uid")) metadata["uid"] = "uid-" + api::name(object);
  objects_[storageKey(resource, api::namespaceOf(object), api::name(object))] = std::move(object);
}

void FakeApiClient::failNext(const std::string& verb, const std::string& plural, Status status, int times) {
  std::lock_guard lock(mutex_);
  failures_.push_back(Failure{verb, plural, std::move(status), times});
}

Status FakeApiClient::injectedFailure(const std::string& verb, const std::string& plural) {
  for (auto& failure : failures_) {
    if (failure.times == 0 || failure.verb != verb || failure.plural != plural) continue;
    if (failure.times > 0) --failure.times;
    return failure.status;
  }
  return Status::ok();
}

std::vector<Action> FakeApiClient::actions() const {
  std::lock_guard lock(mutex_);
  return actions_;
}

std::vector<Action> FakeApiClient::writeActions() const {
  std::lock_guard lock(mutex_);
  std::vector<Action> writes;
  for (const auto& action : actions_) {
    if (isWrite(action.verb)) writes.push_back(action);
  }
  return writes;
}

std::vector<std::string> FakeApiClient::writeSummaries() const {
  std::vector<std::string> summaries;
  for (const auto& action : writeActions()) summaries.push_back(action.summary());
  return summaries;
}

void FakeApiClient::clearActions() {
  std::lock_guard lock(mutex_);
  actions_.clear();
}

std::optional<client::Object> FakeApiClient::stored(const client::GroupVersionResource& resource,
                                                    const std::string& ns, const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto found = objects_.find(storageKey(resource, ns, name));
  if (found == objects_.end()) return std::nullopt;
  return found->second;
}

std::vector<client::Object> FakeApiClient::storedList(const client::GroupVersionResource& resource) const {
  std::lock_guard lock(mutex_);
  std::string prefix = resource.group + "/" + resource.plural + "/";
  std::vector<client::Object> result;
  for (auto it = objects_.lower_bound(prefix); it != objects_.end() && it->first.starts_with(prefix); ++it) {
    result.push_back(it->second);
  }
  return result;
}

Result<client::Object> FakeApiClient::get(const client::GroupVersionResource& resource, std::string_view ns,
                                          std::string_view name, std::string_view subresource) {
  std::lock_guard lock(mutex_);
  record(Action{"get", resource, std::string(ns), std::string(name), std::string(subresource), {}, {}, {}});
  KUBELAB_RETURN_IF_ERROR(injectedFailure("get", resource.plural));
  auto found = objects_.find(storageKey(resource, ns, name));
  if (found == objects_.end()) return notFound(resource.plural + " \"" + std::string(name) + "\" not found");
  return found->second;
}

Result<client::ObjectList> FakeApiClient::list(const client::GroupVersionResource& resource, std::string_view ns,
                                               const client::ListOptions&) {
  std::lock_guard lock(mutex_);
  record(Action{"list", resource, std::string(ns), {}, {}, {}, {}, {}});
  KUBELAB_RETURN_IF_ERROR(injectedFailure("list", resource.plural));
  client::ObjectList list;
  std::string prefix = resource.group + "/" + resource.plural + "/";
  if (resource.namespaced && !ns.empty()) prefix += std::string(ns) + "/";
  for (auto it = objects_.lower_bound(prefix); it != objects_.end() && it->first.starts_with(prefix); ++it) {
    list.items.push_back(it->second);
  }
  list.resourceVersion = std::to_string(nextResourceVersion_);
  return list;
}

Result<client::Object> FakeApiClient::create(const client::GroupVersionResource& resource, std::string_view ns,
                                             const client::Object& object) {
  std::lock_guard lock(mutex_);
  record(Action{"create", resource, std::string(ns), api::name(object), {}, object, {}, {}});
  KUBELAB_RETURN_IF_ERROR(injectedFailure("create", resource.plural));
  client::Object created = object;
  auto& metadata = api::ensureObject(created, "metadata");
  std::string name = api::name(created);
  if (name.empty()) {
    std::string prefix = api::stringAt(created, {"metadata", "generateName"});
    if (prefix.empty()) return invalid("name or generateName is required");
    name = prefix + std::to_string(10000 + nextGeneratedSuffix_++);
    metadata["name"] = name;
  }
  if (resource.namespaced) metadata["namespace"] = ns;
  std::string key = storageKey(resource, ns, name);
  if (objects_.contains(key)) {
    return alreadyExists(resource.plural + " \"" + name + "\" already exists");
  }
  metadata["uid"] = "uid-" + name;
  metadata["resourceVersion"] = std::to_string(++nextResourceVersion_);
  metadata["generation"] = 1;
  metadata["creationTimestamp"] = "2026-01-01T00:00:00Z";
  objects_[key] = created;
  return created;
}

Result<client::Object> FakeApiClient::update(const client::GroupVersionResource& resource,
                                             const client::Object& object, std::string_view subresource) {
  std::lock_guard lock(mutex_);
  std::string ns = api::namespaceOf(object);
  std::string name = api::name(object);
  record(Action{"update", resource, ns, name, std::string(subresource), object, {}, {}});
  KUBELAB_RETURN_IF_ERROR(injectedFailure("update", resource.plural));
  auto found = objects_.find(storageKey(resource, ns, name));
  if (found == objects_.end()) return notFound(resource.plural + " \"" + name + "\" not found");
  std::string expected = api::resourceVersion(object);
  if (!expected.empty() && expected != api::resourceVersion(found->second)) {
    return conflict("Operation cannot be fulfilled on " + resource.plural + " \"" + name +
                    "\": the object has been modified; please apply your changes to the latest version and try again");
  }
  client::Object updated = object;
  auto& metadata = api::ensureObject(updated, "metadata");
  metadata["resourceVersion"] = std::to_string(++nextResourceVersion_);
  found->second = updated;
  return updated;
}

Result<client::Object> FakeApiClient::patch(const client::GroupVersionResource& resource, std::string_view ns,
                                            std::string_view name, client::PatchType type, std::string_view patch,
                                            std::string_view subresource) {
  std::lock_guard lock(mutex_);
  Action action{"patch", resource, std::string(ns), std::string(name), std::string(subresource), {}, {}, {}};
  action.patch = std::string(patch);
  record(std::move(action));
  KUBELAB_RETURN_IF_ERROR(injectedFailure("patch", resource.plural));
  auto found = objects_.find(storageKey(resource, ns, name));
  if (found == objects_.end()) return notFound(resource.plural + " \"" + std::string(name) + "\" not found");
  boost::system::error_code error;
  auto patchValue = boost::json::parse(patch, error);
  if (error) return badRequest("patch is not JSON");
  // Strategic merge patches from controllers are plain merges of the fields they set.
  auto patched = type == client::PatchType::Json ? api::applyJsonPatch(found->second, patchValue)
                                                 : api::applyMergePatch(found->second, patchValue);
  if (!patched) return patched.status();
  if (!patched->is_object()) return invalid("patch did not leave an object");
  client::Object updated = patched->get_object();
  api::ensureObject(updated, "metadata")["resourceVersion"] = std::to_string(++nextResourceVersion_);
  found->second = updated;
  return updated;
}

Status FakeApiClient::remove(const client::GroupVersionResource& resource, std::string_view ns,
                             std::string_view name, const client::DeleteOptions& options) {
  std::lock_guard lock(mutex_);
  Action action{"delete", resource, std::string(ns), std::string(name), {}, {}, {}, options};
  record(std::move(action));
  KUBELAB_RETURN_IF_ERROR(injectedFailure("delete", resource.plural));
  if (objects_.erase(storageKey(resource, ns, name)) == 0) {
    return notFound(resource.plural + " \"" + std::string(name) + "\" not found");
  }
  return Status::ok();
}

Result<client::Object> FakeApiClient::createSubresource(const client::GroupVersionResource& resource,
                                                        std::string_view ns, std::string_view name,
                                                        std::string_view subresource, const client::Object& body) {
  std::lock_guard lock(mutex_);
  record(Action{"create", resource, std::string(ns), std::string(name), std::string(subresource), body, {}, {}});
  KUBELAB_RETURN_IF_ERROR(injectedFailure("create", resource.plural + "/" + std::string(subresource)));
  auto found = objects_.find(storageKey(resource, ns, name));
  if (found == objects_.end()) return notFound(resource.plural + " \"" + std::string(name) + "\" not found");
  if (resource.plural == "pods" && subresource == "binding") {
    api::ensureObject(found->second, "spec")["nodeName"] = api::stringAt(body, {"target", "name"});
    api::ensureObject(found->second, "metadata")["resourceVersion"] = std::to_string(++nextResourceVersion_);
  }
  if (resource.plural == "pods" && subresource == "eviction") objects_.erase(found);
  return body;
}

Result<std::unique_ptr<client::WatchStream>> FakeApiClient::watch(const client::GroupVersionResource& resource,
                                                                  std::string_view, const client::ListOptions&) {
  return Status(StatusCode::Unavailable, "FakeApiClient serves no watches (" + resource.plural +
                                             "): fill the informer's Indexer in the test instead");
}

}  // namespace kubelab::testing
