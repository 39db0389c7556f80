#pragma once
// The informer's thread-safe cache (client-go's cache.Indexer): objects by key, plus named
// indexes ("by namespace", "by node name") that map one object to index values. Objects are
// shared and immutable: readers get shared_ptr<const Object> and copy before changing one.
// Unit tests fill an Indexer directly instead of running an informer.

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kubelab::client {

using ObjectPointer = std::shared_ptr<const boost::json::object>;
using IndexFunction = std::function<std::vector<std::string>(const boost::json::object&)>;

inline constexpr const char* kNamespaceIndex = "namespace";

class Indexer {
 public:
  Indexer();  // with kNamespaceIndex
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Must be called before the first object is added.
  void addIndex(const std::string& name, IndexFunction function);

  // Adds or replaces the object under objectKey(object); returns what was there before.
  ObjectPointer upsert(ObjectPointer object);
  ObjectPointer upsert(boost::json::object object) {
    return upsert(std::make_shared<const boost::json::object>(std::move(object)));
  }
  // Removes the key; returns what was there.
  ObjectPointer remove(const std::string& key);
  // Replaces everything (after a relist); returns the objects that disappeared.
  std::vector<ObjectPointer> replace(std::vector<ObjectPointer> objects);

  ObjectPointer get(const std::string& key) const;
  std::vector<ObjectPointer> list() const;
  std::vector<std::string> keys() const;
  std::vector<ObjectPointer> byIndex(const std::string& indexName, const std::string& value) const;
  std::size_t size() const;

 private:
  void indexLocked(const std::string& key, const boost::json::object& object, bool add);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, ObjectPointer> objects_;
  std::map<std::string, IndexFunction> indexFunctions_;
  // index name -> value -> keys
  std::map<std::string, std::unordered_map<std::string, std::map<std::string, bool>>> indexes_;
};

}  // namespace kubelab::client
