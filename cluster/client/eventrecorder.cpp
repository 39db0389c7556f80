#include "client/eventrecorder.h"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include "api/objectmeta.h"
#include "api/timestamp.h"
#include "common/logging.h"

namespace kubelab::client {

namespace {

// Kubernetes' event correlator merges repeats seen within this window.
constexpr auto kAggregationWindow = std::chrono::minutes(10);
constexpr std::size_t kMaxQueuedEvents = 10000;
constexpr int kPostingLanes = 4;

// The Event's name, as client-go makes it: "<object>.<nanoseconds since the epoch in hex>".
std::string eventName(const std::string& objectName) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "%llx",
                static_cast<unsigned long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
  return objectName + "." + suffix;
}

std::string typeName(EventType type) { return type == EventType::Warning ? "Warning" : "Normal"; }

}  // namespace

boost::json::object objectReference(const boost::json::object& object, const std::string& fallbackApiVersion,
                                    const std::string& fallbackKind) {
  std::string apiVersion = api::stringAt(object, {"apiVersion"});
  std::string kind = api::stringAt(object, {"kind"});
  boost::json::object reference{{"apiVersion", apiVersion.empty() ? fallbackApiVersion : apiVersion},
                                {"kind", kind.empty() ? fallbackKind : kind},
                                {"name", api::name(object)},
                                {"uid", api::uid(object)},
                                {"resourceVersion", api::resourceVersion(object)}};
  if (std::string ns = api::namespaceOf(object); !ns.empty()) reference["namespace"] = ns;
  return reference;
}

// Events with the same aggregation key: repeats of one event about one object.
std::string aggregationKey(const RecordedEvent& event) {
  const auto& involved = event.involvedObject;
  return api::stringAt(involved, {"uid"}) + "|" + api::stringAt(involved, {"kind"}) + "|" +
         api::stringAt(involved, {"namespace"}) + "|" + api::stringAt(involved, {"name"}) + "|" +
         typeName(event.type) + "|" + event.reason + "|" + event.message;
}

// One posting thread and its queue. Events go to a lane by aggregation key, so repeats of one
// event are posted in order by one thread, while a burst (a scheduler binding thousands of pods)
// is posted by several.
struct EventLane {
  struct Posted {
    std::string ns;
    std::string name;
    std::int64_t count = 1;
    std::chrono::steady_clock::time_point lastSeen;
  };

  ApiInterface& api;
  std::string component;
  std::string host;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<RecordedEvent> queue;
  bool posting = false;
  bool stopping = false;
  bool droppedAny = false;
  std::map<std::string, Posted> recent;  // aggregation key -> the Event that carries it
  std::thread thread;

  EventLane(ApiInterface& apiInterface, std::string componentName, std::string hostName)
      : api(apiInterface), component(std::move(componentName)), host(std::move(hostName)) {
    thread = std::thread([this] { run(); });
  }

  ~EventLane() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    changed.notify_all();
    thread.join();
  }

  void run() {
    std::unique_lock lock(mutex);
    for (;;) {
      changed.wait(lock, [this] { return stopping || !queue.empty(); });
      if (queue.empty()) return;
      RecordedEvent event = std::move(queue.front());
      queue.pop_front();
      posting = true;
      lock.unlock();
      post(event);
      lock.lock();
      posting = false;
      changed.notify_all();
    }
  }

  void post(const RecordedEvent& event) {
    const auto& involved = event.involvedObject;
    std::string key = aggregationKey(event);
    auto now = std::chrono::steady_clock::now();
    std::string timestamp = api::formatTimestamp(std::chrono::system_clock::now());
    auto found = recent.find(key);
    if (found != recent.end() && now - found->second.lastSeen < kAggregationWindow) {
      Posted& posted = found->second;
      boost::json::object patch{{"count", posted.count + 1}, {"lastTimestamp", timestamp}};
      auto result = api.patch(resources::events, posted.ns, posted.name, PatchType::Merge, boost::json::serialize(patch));
      if (result) {
        ++posted.count;
        posted.lastSeen = now;
        return;
      }
      recent.erase(found);  // deleted meanwhile (or expired): start a new one
    }
    std::string ns = api::stringAt(involved, {"namespace"});
    if (ns.empty()) ns = "default";  // events about cluster-scoped objects live in "default", as in Kubernetes
    boost::json::object metadata{{"name", eventName(api::stringAt(involved, {"name"}))}, {"namespace", ns}};
    if (!event.annotations.empty()) {
      boost::json::object annotations;
      for (const auto& [name, value] : event.annotations) annotations[name] = value;
      metadata["annotations"] = std::move(annotations);
    }
    boost::json::object source{{"component", component}};
    if (!host.empty()) source["host"] = host;
    boost::json::object body{{"apiVersion", "v1"},
                             {"kind", "Event"},
                             {"metadata", std::move(metadata)},
                             {"involvedObject", involved},
                             {"reason", event.reason},
                             {"message", event.message},
                             {"type", typeName(event.type)},
                             {"source", std::move(source)},
                             {"firstTimestamp", timestamp},
                             {"lastTimestamp", timestamp},
                             {"count", 1},
                             {"reportingComponent", component},
                             {"reportingInstance", host}};
    auto created = api.create(resources::events, ns, body);
    if (!created) {
      log::warning("event ", event.reason, " about ", api::stringAt(involved, {"name"}),
                   " not recorded: ", created.status().toString());
      return;
    }
    if (recent.size() > 4096) recent.clear();  // a bounded cache, like client-go's LRU
    recent[key] = Posted{ns, api::name(*created), 1, now};
  }
};

struct EventRecorder::Impl {
  std::vector<std::unique_ptr<EventLane>> lanes;
};

EventRecorder::EventRecorder(ApiInterface& api, std::string component, std::string host)
    : impl_(std::make_unique<Impl>()) {
  for (int i = 0; i < kPostingLanes; ++i) impl_->lanes.push_back(std::make_unique<EventLane>(api, component, host));
}

EventRecorder::~EventRecorder() = default;  // each lane posts what is queued, then stops

void EventRecorder::event(const boost::json::object& object, EventType type, std::string reason, std::string message,
                          std::map<std::string, std::string> annotations) {
  record(RecordedEvent{objectReference(object), type, std::move(reason), std::move(message), std::move(annotations)});
}

void EventRecorder::record(RecordedEvent event) {
  EventLane& lane = *impl_->lanes[std::hash<std::string>{}(aggregationKey(event)) % impl_->lanes.size()];
  {
    std::lock_guard lock(lane.mutex);
    // Never block a controller on a slow API; say so the first time events are dropped.
    if (lane.queue.size() >= kMaxQueuedEvents / kPostingLanes) {
      if (!lane.droppedAny) log::warning("event queue full: dropping events (first dropped: ", event.reason, ")");
      lane.droppedAny = true;
      return;
    }
    lane.queue.push_back(std::move(event));
  }
  lane.changed.notify_all();
}

void EventRecorder::flush() {
  for (auto& lane : impl_->lanes) {
    std::unique_lock lock(lane->mutex);
    lane->changed.wait(lock, [&] { return lane->queue.empty() && !lane->posting; });
  }
}

}  // namespace kubelab::client
