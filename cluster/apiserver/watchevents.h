#pragma once
// A store change decoded once and shared, read-only, by every watch that sends it, and its
// translation into the Kubernetes event one watcher sees (ADDED, MODIFIED, DELETED, also as an
// object starts or stops matching the watcher's selectors). Both the watch cache and a watch
// served straight from the store use these, so the two agree event for event.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/resourcetypes.h"
#include "apiserver/etcdclient.h"
#include "apiserver/objectstorage.h"
#include "apiserver/selectors.h"

namespace kubelab::apiserver {

using SharedObject = std::shared_ptr<const Object>;

class CachedEvent {
 public:
  // `object` is the stored object after a put (resourceVersion: `revision`), null after a
  // delete or when the stored bytes are not an object; `previous` is the object before, with
  // its own resourceVersion, null when the key was created.
  CachedEvent(std::int64_t revision, std::string key, bool deleted, SharedObject object, SharedObject previous)
      : revision_(revision), key_(std::move(key)), deleted_(deleted), object_(std::move(object)),
        previous_(std::move(previous)) {}

  std::int64_t revision() const { return revision_; }
  const std::string& key() const { return key_; }
  bool deleted() const { return deleted_; }
  const SharedObject& object() const { return object_; }
  const SharedObject& previous() const { return previous_; }

  // The previous object at this event's revision: what DELETED carries, as Kubernetes sends it.
  const Object& deletedObject() const;
  // The JSON of object() and of deletedObject(), serialized by the first watcher that needs it.
  const std::string& objectJson() const;
  const std::string& deletedJson() const;

 private:
  std::int64_t revision_;
  std::string key_;
  bool deleted_;
  SharedObject object_;
  SharedObject previous_;
  mutable std::once_flag deletedOnce_, objectJsonOnce_, deletedJsonOnce_;
  mutable SharedObject deletedObject_;
  mutable std::string objectJson_, deletedJson_;
};

using SharedEvent = std::shared_ptr<const CachedEvent>;

// What one watcher is sent for one store change.
struct WatchEvent {
  const char* type = "";  // ADDED, MODIFIED or DELETED
  SharedEvent source;

  bool isDeletion() const { return type[0] == 'D'; }
  const Object& object() const { return isDeletion() ? source->deletedObject() : *source->object(); }
  const std::string& objectJson() const { return isDeletion() ? source->deletedJson() : source->objectJson(); }
  // {"type":...,"object":...} and a newline, as json::serialize writes it.
  void appendLine(std::string& out) const;
};

// Decodes an etcd watch event of `type`. `knownPrevious`, when set, is the object the previous
// revision of the key decoded to (saves decoding it again).
SharedEvent decodeWatchEvent(const api::ResourceType& type, const EtcdWatchEvent& event,
                             SharedObject knownPrevious = nullptr);

// The event a watcher with predicate `matches` (empty: everything) sees, if any: an object that
// stops matching is DELETED for it, one that starts matching is ADDED.
std::optional<WatchEvent> translateEvent(const SharedEvent& event, const ObjectPredicate& matches);

}  // namespace kubelab::apiserver
