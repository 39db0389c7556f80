#include "client/lister.h"

#include "api/objectmeta.h"
#include "client/objectkey.h"

namespace kubelab::client {

std::vector<ObjectPointer> Lister::list(std::string_view ns, const api::LabelSelector& selector) const {
  std::vector<ObjectPointer> candidates =
      ns.empty() ? indexer_->list() : indexer_->byIndex(kNamespaceIndex, std::string(ns));
  if (selector.matchesEverything()) return candidates;
  std::vector<ObjectPointer> result;
  for (auto& object : candidates) {
    if (selector.matches(api::labels(*object))) result.push_back(std::move(object));
  }
  return result;
}

ObjectPointer Lister::get(std::string_view ns, std::string_view name) const {
  return indexer_->get(objectKey(ns, name));
}

}  // namespace kubelab::client
