#pragma once
// A ClusterSource fed by hand: tests push JSON objects as if informers had seen them, from
// any thread, with no network.

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <string_view>

#include "clustersource.h"

namespace kubelab::visualizer::testing {

class FakeClusterSource final : public ClusterSource {
 public:
  void start(ClusterSourceSink sink) override { sink_ = std::move(sink); }
  void stop() override { sink_ = {}; }

  void upsert(ResourceKind kind, boost::json::object object) { sink_.change(makeObjectChange(kind, std::move(object))); }
  void upsert(ResourceKind kind, std::string_view json) { upsert(kind, boost::json::parse(json).as_object()); }
  void remove(ResourceKind kind, boost::json::object object) {
    sink_.change(makeObjectChange(kind, std::move(object), true));
  }
  void markSynced() { sink_.synced(); }

 private:
  ClusterSourceSink sink_;
};

}  // namespace kubelab::visualizer::testing
