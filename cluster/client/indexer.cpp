#include "client/indexer.h"

#include "api/objectmeta.h"
#include "client/objectkey.h"

namespace kubelab::client {

Indexer::Indexer() {
  addIndex(kNamespaceIndex, [](const boost::json::object& object) {
    return std::vector<std::string>{api::namespaceOf(object)};
  });
}

void Indexer::addIndex(const std::string& name, IndexFunction function) {
  std::lock_guard lock(mutex_);
  indexFunctions_[name] = std::move(function);
  auto& index = indexes_[name];
  index.clear();
  for (const auto& [key, object] : objects_) {
    for (const auto& value : indexFunctions_[name](*object)) index[value][key] = true;
  }
}

void Indexer::indexLocked(const std::string& key, const boost::json::object& object, bool add) {
  for (const auto& [indexName, function] : indexFunctions_) {
    auto& index = indexes_[indexName];
    for (const auto& value : function(object)) {
      if (add) {
        index[value][key] = true;
        continue;
      }
      auto found = index.find(value);
      if (found == index.end()) continue;
      found->second.erase(key);
      if (found->second.empty()) index.erase(found);
    }
  }
}

ObjectPointer Indexer::upsert(ObjectPointer object) {
  std::string key = objectKey(*object);
  std::lock_guard lock(mutex_);
  ObjectPointer previous;
  if (auto found = objects_.find(key); found != objects_.end()) {
    previous = found->second;
    indexLocked(key, *previous, false);
  }
  indexLocked(key, *object, true);
  objects_[key] = std::move(object);
  return previous;
}

ObjectPointer Indexer::remove(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto found = objects_.find(key);
  if (found == objects_.end()) return nullptr;
  ObjectPointer previous = found->second;
  indexLocked(key, *previous, false);
  objects_.erase(found);
  return previous;
}

std::vector<ObjectPointer> Indexer::replace(std::vector<ObjectPointer> objects) {
  std::unordered_map<std::string, ObjectPointer> replacement;
  for (auto& object : objects) replacement[objectKey(*object)] = std::move(object);
  std::lock_guard lock(mutex_);
  std::vector<ObjectPointer> vanished;
  for (const auto& [key, object] : objects_) {
    if (!replacement.contains(key)) vanished.push_back(object);
  }
  objects_ = std::move(replacement);
  for (auto& [name, index] : indexes_) index.clear();
  for (const auto& [key, object] : objects_) indexLocked(key, *object, true);
  return vanished;
}

ObjectPointer Indexer::get(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto found = objects_.find(key);
  return found == objects_.end() ? nullptr : found->second;
}

std::vector<ObjectPointer> Indexer::list() const {
  std::lock_guard lock(mutex_);
  std::vector<ObjectPointer> result;
  result.reserve(objects_.size());
  for (const auto& [key, object] : objects_) result.push_back(object);
  return result;
}

std::vector<std::string> Indexer::keys() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> result;
  result.reserve(objects_.size());
  for (const auto& [key, object] : objects_) result.push_back(key);
  return result;
}

std::vector<ObjectPointer> Indexer::byIndex(const std::string& indexName, const std::string& value) const {
  std::lock_guard lock(mutex_);
  std::vector<ObjectPointer> result;
  auto index = indexes_.find(indexName);
  if (index == indexes_.end()) return result;
  auto keys = index->second.find(value);
  if (keys == index->second.end()) return result;
  for (const auto& [key, present] : keys->second) {
    if (auto object = objects_.find(key); object != objects_.end()) result.push_back(object->second);
  }
  return result;
}

std::size_t Indexer::size() const {
  std::lock_guard lock(mutex_);
  return objects_.size();
}

}  // namespace kubelab::client
