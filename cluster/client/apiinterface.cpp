#include "client/apiinterface.h"

namespace kubelab::client {

Result<ObjectList> listAll(ApiInterface& api, const GroupVersionResource& resource, std::string_view ns,
                           ListOptions options) {
  ObjectList all;
  for (;;) {
    auto page = api.list(resource, ns, options);
    if (!page) return page.status();
    for (auto& item : page->items) all.items.push_back(std::move(item));
    all.resourceVersion = page->resourceVersion;
    if (page->continueToken.empty()) return all;
    options.continueToken = page->continueToken;
  }
}

}  // namespace kubelab::client
