#pragma once
// What the cluster-wide controllers' unit tests share: a recording fake API, informers that are
// never started (tests fill their caches), and a context for constructing controllers.

#include <boost/json/parse.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "api/objectmeta.h"
#include "client/informer.h"
#include "controllers/controllercontext.h"
#include "support/fakeapiclient.h"

namespace kubelab::testing {

struct ClusterControllerHarness {
  FakeApiClient api;
  client::InformerFactory informers{api};
  controllers::ControllerContext context{api, informers, controllers::ControllerTimings{}, "unit-test", 1};

  // Stores the object in the fake API and puts what the API holds into the informer cache, as if
  // the informer had seen it.
  boost::json::object add(const client::GroupVersionResource& resource, boost::json::object object) {
    api.seed(resource, object);
    boost::json::object stored = *api.stored(resource, api::namespaceOf(object), api::name(object));
    informers.informer(resource).indexer().upsert(stored);
    return stored;
  }
  // Copies what the fake API holds now into the cache (after a sync wrote it).
  void refreshCache(const client::GroupVersionResource& resource) {
    auto& indexer = informers.informer(resource).indexer();
    std::vector<client::ObjectPointer> objects;
    for (boost::json::object& object : api.storedList(resource)) {
      objects.push_back(std::make_shared<const boost::json::object>(std::move(object)));
    }
    (void)indexer.replace(std::move(objects));
  }
  // Write summaries without the events the recorders post in the background.
  std::vector<std::string> writes() const {
    std::vector<std::string> result;
    for (const std::string& summary : api.writeSummaries()) {
      if (summary.find(" events") == std::string::npos) result.push_back(summary);
    }
    return result;
  }
  // The reasons of the events posted so far (after the recorders flush).
  std::vector<std::string> eventReasons() const {
    std::vector<std::string> reasons;
    for (const Action& action : api.writeActions()) {
      if (action.resource.plural == "events" && action.verb == "create") {
        reasons.push_back(api::stringAt(action.object, {"reason"}));
      }
    }
    return reasons;
  }
};

inline boost::json::object parseObject(const std::string& text) { return boost::json::parse(text).as_object(); }

}  // namespace kubelab::testing
