#include "controllers/jobttlafterfinishedcontroller.h"

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "client/resource.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;
}

JobTtlAfterFinishedController::JobTtlAfterFinishedController(ControllerContext& context, Now now)
    : context_(context),
      now_(std::move(now)),
      jobs_(context.informers.informer(client::resources::jobs)),
      loop_("ttl-after-finished", [this](const std::string& key) { return sync(key); }) {
  auto enqueueIfExpiring = [this](const client::ObjectPointer& job) {
    if (expiresAt(*job) && api::valueAt(*job, {"metadata", "deletionTimestamp"}) == nullptr) {
      loop_.enqueue(client::objectKey(*job));
    }
  };
  jobs_.addEventHandlers({enqueueIfExpiring,
                          [enqueueIfExpiring](const client::ObjectPointer&, const client::ObjectPointer& current) {
                            enqueueIfExpiring(current);
                          },
                          nullptr});
}

JobTtlAfterFinishedController::~JobTtlAfterFinishedController() { stop(); }

void JobTtlAfterFinishedController::start() { loop_.start(context_.workersPerController); }

void JobTtlAfterFinishedController::stop() { loop_.stop(); }

std::optional<std::chrono::system_clock::time_point> JobTtlAfterFinishedController::expiresAt(const json::object& job) {
  const json::value* ttl = api::valueAt(job, {"spec", "ttlSecondsAfterFinished"});
  if (ttl == nullptr || !ttl->is_int64()) return std::nullopt;
  const json::array* conditions = api::arrayAt(job, {"status", "conditions"});
  if (conditions == nullptr) return std::nullopt;
  for (const json::value& condition : *conditions) {
    if (!condition.is_object()) continue;
    std::string type = api::stringAt(condition.get_object(), {"type"});
    if ((type == "Complete" || type == "Failed") && api::stringAt(condition.get_object(), {"status"}) == "True") {
      std::string finished = api::stringAt(condition.get_object(), {"lastTransitionTime"});
      if (finished.empty()) finished = api::stringAt(job, {"status", "completionTime"});
      return parseTimestamp(finished) + std::chrono::seconds(ttl->as_int64());
    }
  }
  return std::nullopt;
}

Status JobTtlAfterFinishedController::sync(const std::string& key) {
  auto [ns, name] = client::splitObjectKey(key);
  client::ObjectPointer cached = jobs_.lister().get(ns, name);
  if (cached == nullptr || api::valueAt(*cached, {"metadata", "deletionTimestamp"}) != nullptr) return Status::ok();
  std::optional<std::chrono::system_clock::time_point> expires = expiresAt(*cached);
  if (!expires) return Status::ok();
  auto remaining = *expires - now_();
  if (remaining > std::chrono::system_clock::duration::zero()) {
    loop_.enqueueAfter(key, std::chrono::duration_cast<std::chrono::milliseconds>(remaining) + std::chrono::milliseconds(1));
    return Status::ok();
  }
  // The cache may be stale (the TTL changed): read the job fresh before deleting it.
  Result<json::object> fresh = context_.api.get(client::resources::jobs, ns, name);
  if (!fresh) return fresh.status().code() == StatusCode::NotFound ? Status::ok() : fresh.status();
  expires = expiresAt(*fresh);
  if (!expires) return Status::ok();
  if (*expires > now_()) {
    loop_.enqueueAfter(key, std::chrono::duration_cast<std::chrono::milliseconds>(*expires - now_()) + std::chrono::milliseconds(1));
    return Status::ok();
  }
  client::DeleteOptions options;
  options.propagationPolicy = "Foreground";
  options.preconditionUid = api::uid(*fresh);
  Status removed = context_.api.remove(client::resources::jobs, ns, name, options);
  if (!removed && removed.code() != StatusCode::NotFound) return removed;
  return Status::ok();
}

std::unique_ptr<Controller> newJobTtlAfterFinishedController(ControllerContext& context) {
  return std::make_unique<JobTtlAfterFinishedController>(context);
}

}  // namespace kubelab::controllers
