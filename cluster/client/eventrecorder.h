#pragma once
// Publishes core/v1 Events about objects, as client-go's record.EventRecorder does: a Normal
// or Warning event with a CamelCase reason and a message a person can read. Repeats of the same
// (object, type, reason, message) within ten minutes bump the first event's count and
// lastTimestamp instead of creating another, so `kubectl get events` shows "x5". Posting
// happens on a few background threads (repeats of one event always on the same one, in order);
// event() never blocks on the network.

#include <boost/json/object.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "client/apiinterface.h"

namespace kubelab::client {

enum class EventType { Normal, Warning };

struct RecordedEvent {
  boost::json::object involvedObject;  // an ObjectReference: kind, namespace, name, uid, apiVersion, resourceVersion
  EventType type = EventType::Normal;
  std::string reason;
  std::string message;
  // Extra annotations on the Event (a scheduler's reasons for the desktop app).
  std::map<std::string, std::string> annotations;
};

class EventRecorder {
 public:
  // `component` is the event source ("deployment-controller", "default-scheduler").
  EventRecorder(ApiInterface& api, std::string component, std::string host = {});
  ~EventRecorder();  // posts what is queued, then stops
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;

  // `object` is the whole object the event is about (its kind, apiVersion and metadata are read).
  void event(const boost::json::object& object, EventType type, std::string reason, std::string message,
             std::map<std::string, std::string> annotations = {});
  void record(RecordedEvent event);
  // Blocks until everything queued so far has been posted (tests, shutdown).
  void flush();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An ObjectReference for `object`. apiVersion and kind come from the object; `fallbackKind` and
// `fallbackApiVersion` fill them when absent (objects from a list carry neither).
boost::json::object objectReference(const boost::json::object& object, const std::string& fallbackApiVersion = {},
                                    const std::string& fallbackKind = {});

}  // namespace kubelab::client
