#include "apiserver/watchhandler.h"

#include <boost/json/serialize.hpp>

#include <utility>

#include "api/objectmeta.h"
#include "apiserver/responses.h"
#include "apiserver/selectors.h"
#include "apiserver/watchevents.h"
#include "common/logging.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

constexpr auto pollInterval = std::chrono::milliseconds(500);
constexpr auto bookmarkInterval = std::chrono::seconds(10);
constexpr std::int64_t defaultTimeoutSeconds = 1800;  // the API server's --min-request-timeout
constexpr std::size_t maximumWatches = 2000;
// A watch served from the store looks this often whether the watch cache's ring has caught up.
constexpr auto cacheCheckInterval = std::chrono::seconds(1);
// What may wait in a watch's connection beyond its initial state before the watch is ended as
// too slow (the real cacher ends a watcher whose buffer stays full).
constexpr std::size_t maximumPendingBytes = 32 * 1024 * 1024;
constexpr std::size_t chunkBytes = 64 * 1024;

struct WatchSettings {
  ObjectPredicate matches;
  std::int64_t startRevision = 0;  // 0: send the current state first
  bool bookmarks = false;
  bool table = false;
  std::string includeObject;
  std::chrono::steady_clock::time_point deadline;
};

// One watch stream from the client's point of view.
class WatchStream {
 public:
  WatchStream(ObjectStorage& storage, WatchCache& cache, const ApiRequest& request, WatchSettings settings,
              std::atomic<bool>& stopping)
      : storage_(storage),
        cache_(cache),
        type_(*request.type),
        namespaceName_(request.info.namespaceName),
        exchange_(request.exchange),
        settings_(std::move(settings)),
        stopping_(stopping) {
    exchange_->onDisconnect([disconnected = disconnected_] { *disconnected = true; });
  }

  void run() {
    exchange_->startStream(200, "application/json");
    std::int64_t from = settings_.startRevision;
    if (from == 0) {
      // A consistent list at one revision, then the events after it.
      ListOptions everything;
      everything.matches = settings_.matches;
      auto listed = storage_.list(type_, namespaceName_, everything);
      if (!listed.ok()) return finishWithError(listed.error);
      for (const Object& object : listed.value->items) send("ADDED", object);
      from = listed.value->revision + 1;
      lastRevision_ = listed.value->revision;
      initialBytes_ = exchange_->pendingBytes();
    } else {
      lastRevision_ = from - 1;
    }
    if (auto subscription = cache_.subscribe(type_, namespaceName_, settings_.matches, from)) {
      followCache(*subscription);
      return exchange_->finish();
    }
    // Older than the watch cache's ring: from the store, until it catches up with the ring.
    std::string prefix = ObjectStorage::keyPrefix(type_, namespaceName_);
    auto watch = storage_.etcd().watch(prefix, prefixEnd(prefix), from);
    if (!watch) {
      if (watch.status().code() == StatusCode::Gone) {
        return finishWithError(gone("too old resource version: " + std::to_string(from - 1)));
      }
      return finishWithError(fromStatus(watch.status()));
    }
    followStore(**watch);
    exchange_->finish();
  }

 private:
  bool open() const {
    return !*disconnected_ && !stopping_ && std::chrono::steady_clock::now() < settings_.deadline;
  }

  void followCache(WatchSubscription& subscription) {
    auto nextBookmark = std::chrono::steady_clock::now() + bookmarkInterval;
    while (open()) {
      auto events = subscription.next(pollInterval);
      if (!events) {
        // As the real cacher does: the stream ends and the client watches again from its last
        // resourceVersion (from the ring, the store, or a 410).
        log::info("watch on ", type_.plural, " ended: ", events.status().message());
        return;
      }
      sendAll(*events);
      if (exchange_->pendingBytes() > initialBytes_ + maximumPendingBytes) {
        log::warning("watch on ", type_.plural, " ended: its client reads too slowly (",
                     exchange_->pendingBytes(), " bytes waiting)");
        return;
      }
      if (settings_.bookmarks && std::chrono::steady_clock::now() >= nextBookmark) {
        nextBookmark = std::chrono::steady_clock::now() + bookmarkInterval;
        lastRevision_ = std::max(lastRevision_, subscription.progress());
        sendBookmark();
      }
    }
  }

  void followStore(EtcdWatch& watch) {
    auto nextBookmark = std::chrono::steady_clock::now() + bookmarkInterval;
    auto nextCacheCheck = std::chrono::steady_clock::now() + cacheCheckInterval;
    bool progressAsked = false;
    while (open()) {
      if (std::chrono::steady_clock::now() >= nextCacheCheck) {
        nextCacheCheck = std::chrono::steady_clock::now() + cacheCheckInterval;
        if (auto subscription = cache_.subscribe(type_, namespaceName_, settings_.matches, lastRevision_ + 1)) {
          return followCache(*subscription);
        }
      }
      auto batch = watch.next(pollInterval);
      if (!batch) {
        if (batch.status().code() == StatusCode::DeadlineExceeded) {
          if (settings_.bookmarks && !progressAsked && std::chrono::steady_clock::now() >= nextBookmark) {
            progressAsked = watch.requestProgress().isOk();
          }
          continue;
        }
        log::warning("watch on ", type_.plural, " ended: ", batch.status().toString());
        return;
      }
      if (batch->compactRevision != 0) {
        return sendError(gone("too old resource version: " + std::to_string(lastRevision_) + " (" +
                              std::to_string(batch->compactRevision) + ")"));
      }
      std::vector<WatchEvent> events;
      for (const EtcdWatchEvent& event : batch->events) {
        lastRevision_ = std::max(lastRevision_, event.kv.modRevision);
        if (auto translated = translateEvent(decodeWatchEvent(type_, event), settings_.matches)) {
          events.push_back(std::move(*translated));
        }
      }
      sendAll(events);
      if (batch->progress) {
        progressAsked = false;
        nextBookmark = std::chrono::steady_clock::now() + bookmarkInterval;
        lastRevision_ = std::max(lastRevision_, batch->headerRevision);
        sendBookmark();
      }
    }
  }

  void sendAll(const std::vector<WatchEvent>& events) {
    if (settings_.table) {
      for (const WatchEvent& event : events) send(event.type, event.object());
      return;
    }
    // Plain JSON: each object was serialized once for every watcher; lines go out in chunks.
    std::string chunk;
    for (const WatchEvent& event : events) {
      event.appendLine(chunk);
      if (chunk.size() >= chunkBytes) exchange_->writeChunk(std::exchange(chunk, std::string()));
    }
    if (!chunk.empty()) exchange_->writeChunk(std::move(chunk));
    if (!events.empty()) lastRevision_ = std::max(lastRevision_, events.back().source->revision());
  }

  void sendBookmark() {
    Object bookmark{{"kind", type_.kind}, {"apiVersion", type_.apiVersion()},
                    {"metadata", Object{{"resourceVersion", std::to_string(lastRevision_)}}}};
    writeEvent("BOOKMARK", bookmark);
  }

  void send(const char* type, const Object& object) {
    if (!settings_.table) return writeEvent(type, object);
    auto built = makeTable(type_, {object}, 0, "", settings_.includeObject);
    if (!built.ok()) return sendError(built.error);
    Object table = std::move(*built.value);
    table.erase("metadata");
    // Column definitions travel only with the first event, as the real server sends them.
    if (sentTable_) table["columnDefinitions"] = json::array();
    sentTable_ = true;
    writeEvent(type, table);
  }

  void writeEvent(const char* type, const Object& object) {
    json::object event{{"type", type}, {"object", object}};
    exchange_->writeChunk(json::serialize(event) + "\n");
  }

  void sendError(const ApiError& error) { writeEvent("ERROR", error.toStatus()); }

  void finishWithError(const ApiError& error) {
    sendError(error);
    exchange_->finish();
  }

  ObjectStorage& storage_;
  WatchCache& cache_;
  const api::ResourceType& type_;
  std::string namespaceName_;
  std::shared_ptr<http::Exchange> exchange_;
  WatchSettings settings_;
  std::atomic<bool>& stopping_;
  std::shared_ptr<std::atomic<bool>> disconnected_ = std::make_shared<std::atomic<bool>>(false);
  std::int64_t lastRevision_ = 0;
  std::size_t initialBytes_ = 0;
  bool sentTable_ = false;
};

}  // namespace

WatchHandler::~WatchHandler() {
  stopping_ = true;
  std::lock_guard lock(mutex_);
  for (Running& running : running_) {
    if (running.thread.joinable()) running.thread.join();
  }
}

void WatchHandler::reapFinished() {
  std::lock_guard lock(mutex_);
  for (auto it = running_.begin(); it != running_.end();) {
    if (it->finished) {
      it->thread.join();
      it = running_.erase(it);
    } else {
      ++it;
    }
  }
}

void WatchHandler::serve(const ApiRequest& request) {
  reapFinished();
  // Each watch holds a thread and a store watch: bound them, as Kubernetes bounds in-flight requests.
  if (active_ >= maximumWatches) {
    ApiError busy;
    busy.code = 429;
    busy.reason = "TooManyRequests";
    busy.message = "too many watches are open; please try again later";
    busy.retryAfterSeconds = 1;
    return respondError(*request.exchange, busy);
  }
  std::string query = request.query();
  std::string fieldSelector = queryParameter(query, "fieldSelector");
  if (!request.info.name.empty()) {
    fieldSelector = "metadata.name=" + request.info.name + (fieldSelector.empty() ? "" : "," + fieldSelector);
  }
  auto predicate = selectorPredicate(*request.type, queryParameter(query, "labelSelector"), fieldSelector);
  if (!predicate.ok()) return respondError(*request.exchange, predicate.error);

  WatchSettings settings;
  settings.matches = *predicate.value;
  std::string resourceVersion = queryParameter(query, "resourceVersion");
  if (!resourceVersion.empty() && resourceVersion != "0") {
    if (resourceVersion.find_first_not_of("0123456789") != std::string::npos || resourceVersion.size() > 18) {
      return respondError(*request.exchange, badRequest("resourceVersion: Invalid value: \"" + resourceVersion +
                                                        "\": must be a non-negative integer"));
    }
    settings.startRevision = std::stoll(resourceVersion) + 1;
  }
  settings.bookmarks = isTrue(queryParameter(query, "allowWatchBookmarks"));
  settings.table = wantsTable(request.http);
  settings.includeObject = queryParameter(query, "includeObject");
  std::int64_t timeout = defaultTimeoutSeconds;
  std::string timeoutText = queryParameter(query, "timeoutSeconds");
  // 0 or absent means the server's default, as in Kubernetes.
  if (!timeoutText.empty() && timeoutText.find_first_not_of("0123456789") == std::string::npos && timeoutText.size() < 9) {
    timeout = std::stoll(timeoutText);
    if (timeout == 0) timeout = defaultTimeoutSeconds;
  }
  settings.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);

  auto stream = std::make_shared<WatchStream>(storage_, cache_, request, std::move(settings), stopping_);
  std::lock_guard lock(mutex_);
  Running& running = running_.emplace_back();
  ++active_;
  running.thread = std::thread([this, stream, &running] {
    try {
      stream->run();
    } catch (const std::exception& error) {
      log::error("watch failed: ", error.what());
    }
    --active_;
    running.finished = true;
  });
}

}  // namespace kubelab::apiserver
