#include "controllers/rolloutownership.h"

#include <boost/json/serialize.hpp>

#include <optional>

#include "api/objectmeta.h"
#include "controllers/controllerref.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

bool isBeingDeleted(const json::object& object) {
  return !api::stringAt(object, {"metadata", "deletionTimestamp"}).empty();
}

std::string adoptPatch(const OwnerDescription& owner, const json::object& child) {
  json::object reference = controllerReferenceTo(*owner.owner, owner.apiVersion, owner.kind);
  json::object metadata{{"ownerReferences", json::array{std::move(reference)}}, {"uid", api::uid(child)}};
  return json::serialize(json::object{{"metadata", std::move(metadata)}});
}

std::string releasePatch(const OwnerDescription& owner, const json::object& child) {
  json::object removal{{"$patch", "delete"}, {"uid", api::uid(*owner.owner)}};
  json::object metadata{{"ownerReferences", json::array{std::move(removal)}}, {"uid", api::uid(child)}};
  return json::serialize(json::object{{"metadata", std::move(metadata)}});
}

}  // namespace

Result<std::vector<client::ObjectPointer>> claimObjects(client::ApiInterface& api,
                                                        const client::GroupVersionResource& childResource,
                                                        const OwnerDescription& owner,
                                                        const api::LabelSelector& selector,
                                                        const std::vector<client::ObjectPointer>& candidates,
                                                        const CanAdoptFunction& canAdopt) {
  std::vector<client::ObjectPointer> claimed;
  std::optional<Status> adoptionAllowed;  // asked at most once per claim, as upstream does
  Status firstError;
  const std::string ownerUid = api::uid(*owner.owner);
  const bool ownerDeleting = isBeingDeleted(*owner.owner);
  for (const auto& candidate : candidates) {
    const json::object& child = *candidate;
    bool matches = selector.matches(api::labels(child));
    if (auto reference = controllerOf(child)) {
      if (reference->uid != ownerUid) continue;  // someone else's
      if (matches) {
        claimed.push_back(candidate);
        continue;
      }
      // Ours but no longer selected: let it go, unless we are being deleted (the garbage
      // collector then decides its fate).
      if (ownerDeleting) continue;
      auto released = api.patch(childResource, api::namespaceOf(child), api::name(child),
                                client::PatchType::StrategicMerge, releasePatch(owner, child));
      if (!released && released.status().code() != StatusCode::NotFound &&
          released.status().code() != StatusCode::Invalid && firstError.isOk()) {
        firstError = released.status();
      }
      continue;
    }
    // An orphan: adopt it if it matches and neither side is going away.
    if (!matches || ownerDeleting || isBeingDeleted(child)) continue;
    if (!adoptionAllowed) adoptionAllowed = canAdopt ? canAdopt() : Status::ok();
    if (!adoptionAllowed->isOk()) {
      if (firstError.isOk()) firstError = *adoptionAllowed;
      continue;
    }
    auto adopted = api.patch(childResource, api::namespaceOf(child), api::name(child),
                             client::PatchType::StrategicMerge, adoptPatch(owner, child));
    if (adopted) {
      claimed.push_back(std::make_shared<const json::object>(std::move(adopted.value())));
    } else if (adopted.status().code() != StatusCode::NotFound && firstError.isOk()) {
      firstError = adopted.status();
    }
  }
  if (!firstError.isOk()) return firstError;
  return claimed;
}

CanAdoptFunction recheckOwner(client::ApiInterface& api, const client::GroupVersionResource& ownerResource,
                              const boost::json::object& owner) {
  return [&api, ownerResource, ns = api::namespaceOf(owner), name = api::name(owner), uid = api::uid(owner)]() {
    auto fresh = api.get(ownerResource, ns, name);
    if (!fresh) return fresh.status();
    if (api::uid(*fresh) != uid) {
      return Status(StatusCode::Conflict, "original " + ownerResource.plural + " " + ns + "/" + name +
                                              " is gone: got uid " + api::uid(*fresh) + ", wanted " + uid);
    }
    if (isBeingDeleted(*fresh)) {
      return Status(StatusCode::Conflict, ns + "/" + name + " has just been deleted at " +
                                              api::stringAt(*fresh, {"metadata", "deletionTimestamp"}));
    }
    return Status::ok();
  };
}

}  // namespace kubelab::controllers
