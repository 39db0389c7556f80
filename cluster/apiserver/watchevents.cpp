#include "apiserver/watchevents.h"

#include <boost/json/serialize.hpp>

#include "api/objectmeta.h"

namespace kubelab::apiserver {

const Object& CachedEvent::deletedObject() const {
  std::call_once(deletedOnce_, [this] {
    if (!previous_) return;
    auto deleted = std::make_shared<Object>(*previous_);
    api::ensureObject(*deleted, "metadata")["resourceVersion"] = std::to_string(revision_);
    deletedObject_ = std::move(deleted);
  });
  static const Object empty;
  return deletedObject_ ? *deletedObject_ : empty;
}

const std::string& CachedEvent::objectJson() const {
  std::call_once(objectJsonOnce_, [this] {
    if (object_) objectJson_ = boost::json::serialize(*object_);
  });
  return objectJson_;
}

const std::string& CachedEvent::deletedJson() const {
  std::call_once(deletedJsonOnce_, [this] { deletedJson_ = boost::json::serialize(deletedObject()); });
  return deletedJson_;
}

void WatchEvent::appendLine(std::string& out) const {
  const std::string& json = objectJson();
  out.reserve(out.size() + json.size() + 32);
  out += R"({"type":")";
  out += type;
  out += R"(","object":)";
  out += json;
  out += "}\n";
}

SharedEvent decodeWatchEvent(const api::ResourceType& type, const EtcdWatchEvent& event, SharedObject knownPrevious) {
  SharedObject previous = std::move(knownPrevious);
  if (!previous && event.prevKv) {
    if (auto decoded = decodeStoredObject(type, event.prevKv->value, event.prevKv->modRevision)) {
      previous = std::make_shared<const Object>(std::move(*decoded));
    }
  }
  SharedObject object;
  if (!event.deleted) {
    if (auto decoded = decodeStoredObject(type, event.kv.value, event.kv.modRevision)) {
      object = std::make_shared<const Object>(std::move(*decoded));
    }
  }
  return std::make_shared<const CachedEvent>(event.kv.modRevision, event.kv.key, event.deleted, std::move(object),
                                             std::move(previous));
}

std::optional<WatchEvent> translateEvent(const SharedEvent& event, const ObjectPredicate& matches) {
  auto matching = [&matches](const SharedObject& object) { return object && (!matches || matches(*object)); };
  bool usedToMatch = matching(event->previous());
  if (event->deleted()) {
    if (!usedToMatch) return std::nullopt;
    return WatchEvent{"DELETED", event};
  }
  bool nowMatches = matching(event->object());
  if (nowMatches && usedToMatch) return WatchEvent{"MODIFIED", event};
  if (nowMatches) return WatchEvent{"ADDED", event};
  // As Kubernetes does: the object as the client last saw it, at the event's revision.
  if (usedToMatch) return WatchEvent{"DELETED", event};
  return std::nullopt;
}

}  // namespace kubelab::apiserver
