#include "controllers/controllerhistory.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

#include "api/objectmeta.h"
#include "client/resource.h"
#include "api/labelselector.h"
#include "controllers/controllerref.h"
#include "controllers/rolloutownership.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;

// Serializes with object keys sorted, so the hash depends on content only.
void appendCanonical(const json::value& value, std::string& into) {
  if (value.is_object()) {
    std::vector<const json::key_value_pair*> members;
    for (const auto& member : value.get_object()) members.push_back(&member);
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
    into += '{';
    for (std::size_t index = 0; index < members.size(); ++index) {
      if (index > 0) into += ',';
      into += json::serialize(json::value(members[index]->key()));
      into += ':';
      appendCanonical(members[index]->value(), into);
    }
    into += '}';
  } else if (value.is_array()) {
    into += '[';
    const auto& array = value.get_array();
    for (std::size_t index = 0; index < array.size(); ++index) {
      if (index > 0) into += ',';
      appendCanonical(array[index], into);
    }
    into += ']';
  } else {
    into += json::serialize(value);
  }
}

void fnvAdd(std::uint32_t& hash, std::string_view bytes) {
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 16777619u;
  }
}

}  // namespace

std::string safeEncodeString(std::string_view text) {
  static constexpr std::string_view alphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string encoded;
  encoded.reserve(text.size());
  for (unsigned char character : text) encoded += alphabet[character % alphabet.size()];
  return encoded;
}

std::string hashRevisionData(const boost::json::object& data, std::int64_t collisionCount) {
  std::string canonical;
  appendCanonical(json::value(data), canonical);
  std::uint32_t hash = 2166136261u;
  fnvAdd(hash, canonical);
  if (collisionCount > 0) {
    // Go writes the collision count as 4 little-endian bytes into the hash.
    std::string countBytes;
    for (int shift = 0; shift < 32; shift += 8) countBytes += static_cast<char>((collisionCount >> shift) & 0xff);
    fnvAdd(hash, countBytes);
  }
  return safeEncodeString(std::to_string(hash));
}

boost::json::object revisionDataFor(const boost::json::object& workload) {
  json::object podTemplate;
  if (const json::object* found = api::objectAt(workload, {"spec", "template"})) podTemplate = *found;
  podTemplate["$patch"] = "replace";
  return json::object{{"spec", json::object{{"template", podTemplate}}}};
}

boost::json::object templateOfRevision(const boost::json::object& revision) {
  json::object podTemplate;
  if (const json::object* found = api::objectAt(revision, {"data", "spec", "template"})) podTemplate = *found;
  podTemplate.erase("$patch");
  return podTemplate;
}

boost::json::object newControllerRevision(const boost::json::object& owner, std::string_view ownerApiVersion,
                                          std::string_view ownerKind, const boost::json::object& data,
                                          std::int64_t revisionNumber, std::int64_t collisionCount) {
  std::string hash = hashRevisionData(data, collisionCount);
  json::object labels;
  if (const json::object* templateLabels = api::objectAt(owner, {"spec", "template", "metadata", "labels"})) {
    labels = *templateLabels;
  }
  labels[kControllerRevisionHashLabel] = hash;
  json::object metadata{{"name", api::name(owner) + "-" + hash},
                        {"namespace", api::namespaceOf(owner)},
                        {"labels", labels},
                        {"ownerReferences", json::array{controllerReferenceTo(owner, ownerApiVersion, ownerKind)}}};
  return json::object{{"apiVersion", "apps/v1"},
                      {"kind", "ControllerRevision"},
                      {"metadata", metadata},
                      {"data", data},
                      {"revision", revisionNumber}};
}

std::vector<client::ObjectPointer> ownedRevisions(const client::Lister& revisions, const boost::json::object& owner) {
  std::vector<client::ObjectPointer> owned;
  std::string ownerUid = api::uid(owner);
  for (const client::ObjectPointer& revision : revisions.list(api::namespaceOf(owner))) {
    if (isControlledBy(*revision, ownerUid)) owned.push_back(revision);
  }
  std::sort(owned.begin(), owned.end(), [](const client::ObjectPointer& a, const client::ObjectPointer& b) {
    if (revisionNumber(*a) != revisionNumber(*b)) return revisionNumber(*a) < revisionNumber(*b);
    return api::name(*a) < api::name(*b);
  });
  return owned;
}

std::int64_t revisionNumber(const boost::json::object& revision) { return api::integerAt(revision, {"revision"}); }

std::int64_t maxRevisionNumber(const std::vector<client::ObjectPointer>& revisions) {
  std::int64_t maximum = 0;
  for (const client::ObjectPointer& revision : revisions) maximum = std::max(maximum, revisionNumber(*revision));
  return maximum;
}

namespace {

bool sameData(const json::object& revision, const json::object& data) {
  const json::value* stored = revision.if_contains("data");
  return stored != nullptr && *stored == json::value(data);
}

// Creates the revision, stepping the collision count when another revision already has the name.
Result<json::object> createRevision(client::ApiInterface& api, const json::object& owner, std::string_view apiVersion,
                                    std::string_view kind, const json::object& data, std::int64_t number,
                                    std::int64_t& collisionCount) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    json::object revision = newControllerRevision(owner, apiVersion, kind, data, number, collisionCount);
    Result<json::object> created = api.create(client::resources::controllerRevisions, api::namespaceOf(owner), revision);
    if (created) return created;
    if (created.status().code() != StatusCode::AlreadyExists) return created.status();
    Result<json::object> existing =
        api.get(client::resources::controllerRevisions, api::namespaceOf(owner), api::name(revision));
    if (!existing) return existing.status();
    if (isControlledBy(*existing, api::uid(owner)) && sameData(*existing, data)) return existing;
    ++collisionCount;
  }
  return conflict("too many hash collisions creating a ControllerRevision for " + api::name(owner));
}

}  // namespace

Result<RevisionSet> reconcileRevisions(client::ApiInterface& api, const client::Lister& revisionLister,
                                       const boost::json::object& owner, std::string_view ownerApiVersion,
                                       std::string_view ownerKind) {
  // Revisions orphaned by a delete with --cascade=orphan belong to the next owner that selects
  // them, as its pods do; otherwise an identical template would get a new revision and a rollout.
  Result<api::LabelSelector> selector = api::LabelSelector::fromJson(api::valueAt(owner, {"spec", "selector"}));
  if (!selector) return selector.status();
  std::vector<client::ObjectPointer> candidates;
  for (const client::ObjectPointer& revision : revisionLister.list(api::namespaceOf(owner))) {
    if (isControlledBy(*revision, api::uid(owner)) || (!controllerOf(*revision) && selector->matches(api::labels(*revision)))) {
      candidates.push_back(revision);
    }
  }
  const client::GroupVersionResource& ownerResource =
      ownerKind == "DaemonSet" ? client::resources::daemonSets : client::resources::statefulSets;
  Result<std::vector<client::ObjectPointer>> claimed =
      claimObjects(api, client::resources::controllerRevisions, {&owner, std::string(ownerApiVersion), std::string(ownerKind)},
                   *selector, candidates, recheckOwner(api, ownerResource, owner));
  if (!claimed) return claimed.status();
  std::vector<client::ObjectPointer> revisions = std::move(claimed).value();
  std::sort(revisions.begin(), revisions.end(), [](const client::ObjectPointer& a, const client::ObjectPointer& b) {
    return revisionNumber(*a) != revisionNumber(*b) ? revisionNumber(*a) < revisionNumber(*b) : api::name(*a) < api::name(*b);
  });
  RevisionSet result;
  result.collisionCount = api::integerAt(owner, {"status", "collisionCount"});
  json::object data = revisionDataFor(owner);
  std::int64_t nextNumber = maxRevisionNumber(revisions) + 1;

  const json::object* equal = nullptr;
  for (const client::ObjectPointer& revision : revisions) {
    if (sameData(*revision, data)) equal = revision.get();
  }
  if (equal != nullptr && revisionNumber(*equal) == nextNumber - 1) {
    result.update = *equal;
  } else if (equal != nullptr) {
    // Back to an older template: renumber that revision so it is the newest (a rollback).
    json::object renumbered = *equal;
    renumbered["revision"] = nextNumber;
    Result<json::object> updated = api.update(client::resources::controllerRevisions, renumbered);
    if (!updated) return updated.status();
    result.update = std::move(updated).value();
  } else {
    Result<json::object> created =
        createRevision(api, owner, ownerApiVersion, ownerKind, data, nextNumber, result.collisionCount);
    if (!created) return created.status();
    result.update = std::move(created).value();
  }

  result.current = result.update;
  std::string currentName = api::stringAt(owner, {"status", "currentRevision"});
  for (const client::ObjectPointer& revision : revisions) {
    if (!currentName.empty() && api::name(*revision) == currentName && currentName != api::name(result.update)) {
      result.current = *revision;
    }
  }
  return result;
}

Status truncateRevisionHistory(client::ApiInterface& api, const std::vector<client::ObjectPointer>& revisions,
                               const std::vector<std::string>& revisionNamesInUse, std::int64_t historyLimit) {
  std::set<std::string> live(revisionNamesInUse.begin(), revisionNamesInUse.end());
  std::vector<client::ObjectPointer> history;
  for (const client::ObjectPointer& revision : revisions) {
    if (live.count(api::name(*revision)) == 0) history.push_back(revision);
  }
  std::int64_t excess = static_cast<std::int64_t>(history.size()) - std::max<std::int64_t>(historyLimit, 0);
  for (std::int64_t index = 0; index < excess; ++index) {
    const json::object& revision = *history[static_cast<std::size_t>(index)];  // oldest first
    Status removed = api.remove(client::resources::controllerRevisions, api::namespaceOf(revision), api::name(revision));
    if (!removed && removed.code() != StatusCode::NotFound) return removed;
  }
  return Status::ok();
}

}  // namespace kubelab::controllers
