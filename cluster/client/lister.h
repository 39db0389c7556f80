#pragma once
// Reads from an informer's cache (client-go's listers): by namespace and label selector, or by
// name. What it returns is shared with the cache: never change it, copy it first.

#include <string>
#include <string_view>
#include <vector>

#include "api/labelselector.h"
#include "client/indexer.h"

namespace kubelab::client {

class Lister {
 public:
  explicit Lister(const Indexer& indexer) : indexer_(&indexer) {}

  // Objects in `ns` ("" for every namespace, or for cluster-scoped resources) whose labels match.
  std::vector<ObjectPointer> list(std::string_view ns = {},
                                  const api::LabelSelector& selector = api::LabelSelector::everything()) const;
  // nullptr when absent. `ns` is "" for cluster-scoped objects.
  ObjectPointer get(std::string_view ns, std::string_view name) const;
  ObjectPointer getByKey(const std::string& key) const { return indexer_->get(key); }
  std::vector<ObjectPointer> byIndex(const std::string& indexName, const std::string& value) const {
    return indexer_->byIndex(indexName, value);
  }

 private:
  const Indexer* indexer_;
};

}  // namespace kubelab::client
