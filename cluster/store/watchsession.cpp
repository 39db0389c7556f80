#include "store/watchsession.h"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/serialize.hpp>

#include "common/logging.h"

namespace kubelab::store {
namespace json = boost::json;
namespace net = boost::asio;
namespace {

constexpr std::size_t eventsPerResponse = 1000;
// Past this much unsent output the session stops pulling events; the watcher buffers, and if
// it falls too far behind it catches up from the log later.
constexpr std::size_t maximumPendingOutputBytes = 4 * 1024 * 1024;

}  // namespace

WatchSession::WatchSession(MvccStore& store, std::shared_ptr<http::Exchange> exchange, net::any_io_executor executor,
                           std::chrono::milliseconds progressNotifyInterval)
    : store_(store),
      exchange_(std::move(exchange)),
      strand_(net::make_strand(executor)),
      progressNotifyInterval_(progressNotifyInterval),
      progressTimer_(strand_),
      backpressureTimer_(strand_) {}

void WatchSession::start() {
  exchange_->startStream(200, "application/json");
  std::weak_ptr<WatchSession> weak = weak_from_this();
  exchange_->onBodyData(
      [weak](std::string_view data) {
        if (auto self = weak.lock()) {
          net::post(self->strand_, [self, copy = std::string(data)] { self->onBody(copy); });
        }
      },
      [] {});
  // The exchange keeps the session alive until the client goes away.
  exchange_->onDisconnect([self = shared_from_this()] { net::post(self->strand_, [self] { self->stop(); }); });
  net::post(strand_, [self = shared_from_this()] { self->armProgressTimer(); });
}

etcdjson::Header WatchSession::header(std::int64_t revision) const {
  return {store_.clusterId(), store_.memberId(), revision, 1};
}

void WatchSession::onBody(std::string_view data) {
  while (!data.empty() && !stopped_) {
    boost::system::error_code error;
    std::size_t used = parser_.write_some(data.data(), data.size(), error);
    if (error) return fail(Status(StatusCode::BadRequest, "invalid JSON in watch request: " + error.message()));
    data.remove_prefix(used);
    if (parser_.done()) {
      json::value message = parser_.release();
      parser_.reset();
      handleMessage(message);
    }
  }
}

void WatchSession::handleMessage(const json::value& message) {
  if (!message.is_object()) return fail(badRequest("a watch request must be a JSON object"));
  const json::object& object = message.get_object();
  if (const json::value* create = object.if_contains("create_request"); create != nullptr && create->is_object()) {
    return this->create(create->get_object());
  }
  if (const json::value* cancel = object.if_contains("cancel_request"); cancel != nullptr && cancel->is_object()) {
    auto watchId = etcdjson::decodeInt64(cancel->get_object(), "watch_id");
    if (!watchId) return fail(watchId.status());
    return this->cancel(*watchId, {});
  }
  if (object.contains("progress_request")) {
    progressRequested_ = true;
    return answerProgressRequest();
  }
}

void WatchSession::create(const json::object& request) {
  auto decoded = etcdjson::decodeWatchCreate(request);
  if (!decoded) return fail(decoded.status());
  std::int64_t watchId = decoded->watchId;
  if (watchId == 0) {
    while (entries_.count(nextWatchId_) != 0) ++nextWatchId_;
    watchId = nextWatchId_++;
  }
  json::object result{{"header", etcdjson::encodeHeader(header(store_.currentRevision()))}};
  etcdjson::setInt64(result, "watch_id", watchId);
  result["created"] = true;
  if (entries_.count(watchId) != 0) {
    result["canceled"] = true;
    result["cancel_reason"] = "etcdserver: duplicate watch ID";
    return send(std::move(result));
  }
  WatchFilter filter{decoded->range, decoded->noPut, decoded->noDelete, decoded->prevKv};
  std::weak_ptr<WatchSession> weak = weak_from_this();
  auto watcher = store_.watchHub().watch(filter, decoded->startRevision, [weak] {
    if (auto self = weak.lock()) self->wakeUp();
  });
  entries_[watchId] = Entry{std::move(watcher), decoded->progressNotify};
  send(std::move(result));
  drain();
}

void WatchSession::cancel(std::int64_t watchId, const std::string& reason) {
  auto found = entries_.find(watchId);
  if (found == entries_.end()) return;
  store_.watchHub().cancel(found->second.watcher);
  entries_.erase(found);
  json::object result{{"header", etcdjson::encodeHeader(header(store_.currentRevision()))}};
  etcdjson::setInt64(result, "watch_id", watchId);
  result["canceled"] = true;
  if (!reason.empty()) result["cancel_reason"] = reason;
  send(std::move(result));
}

void WatchSession::wakeUp() {
  // Called on the store's writer thread: only schedule the work.
  if (wakeUpPending_.exchange(true)) return;
  net::post(strand_, [self = shared_from_this()] {
    self->wakeUpPending_ = false;
    self->drain();
  });
}

void WatchSession::drain() {
  if (stopped_) return;
  if (exchange_->pendingBytes() > maximumPendingOutputBytes) {
    backpressureTimer_.expires_after(std::chrono::milliseconds(20));
    backpressureTimer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error) self->drain();
    });
    return;
  }
  bool more = false;
  std::int64_t publishedRevision = store_.watchHub().publishedRevision();
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto& [watchId, entry] = *it;
    auto batch = entry.watcher->next(store_, publishedRevision, eventsPerResponse);
    if (!batch || batch->compactRevision != 0) {
      store_.watchHub().cancel(entry.watcher);
      json::object result;
      etcdjson::Header compactedHeader = header(0);
      result["header"] = etcdjson::encodeHeader(compactedHeader);
      etcdjson::setInt64(result, "watch_id", watchId);
      result["canceled"] = true;
      if (!batch) {
        log::warning("watch ", watchId, " cancelled: ", batch.status().toString());
        result["cancel_reason"] = batch.status().message();
      } else {
        etcdjson::setInt64(result, "compact_revision", batch->compactRevision);
      }
      send(std::move(result));
      it = entries_.erase(it);
      continue;
    }
    if (!batch->events.empty()) {
      json::object result{{"header", etcdjson::encodeHeader(header(store_.currentRevision()))}};
      etcdjson::setInt64(result, "watch_id", watchId);
      json::array events;
      events.reserve(batch->events.size());
      for (const Event& event : batch->events) events.push_back(etcdjson::encodeEvent(event));
      result["events"] = std::move(events);
      send(std::move(result));
    }
    if (!entry.watcher->synced()) more = true;
    ++it;
  }
  if (more) {
    net::post(strand_, [self = shared_from_this()] { self->drain(); });
  } else if (progressRequested_) {
    answerProgressRequest();
  }
}

bool WatchSession::allSynced() const {
  for (const auto& [watchId, entry] : entries_) {
    if (!entry.watcher->synced()) return false;
  }
  return true;
}

void WatchSession::answerProgressRequest() {
  // Read the revision first: once every watcher is synced, all events up to it were sent.
  std::int64_t revision = store_.watchHub().publishedRevision();
  if (!allSynced()) return;  // answered by drain() once caught up
  progressRequested_ = false;
  json::object result{{"header", etcdjson::encodeHeader(header(revision))}};
  etcdjson::setInt64(result, "watch_id", -1);
  send(std::move(result));
}

void WatchSession::armProgressTimer() {
  if (stopped_ || progressNotifyInterval_.count() <= 0) return;
  progressTimer_.expires_after(progressNotifyInterval_);
  progressTimer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->onProgressTimer();
  });
}

void WatchSession::onProgressTimer() {
  std::int64_t revision = store_.watchHub().publishedRevision();
  for (const auto& [watchId, entry] : entries_) {
    if (!entry.progressNotify || !entry.watcher->synced()) continue;
    json::object result{{"header", etcdjson::encodeHeader(header(revision))}};
    etcdjson::setInt64(result, "watch_id", watchId);
    send(std::move(result));
  }
  armProgressTimer();
}

void WatchSession::send(json::object result) {
  if (stopped_) return;
  json::object line{{"result", std::move(result)}};
  exchange_->writeChunk(json::serialize(line) + "\n");
}

void WatchSession::fail(const Status& status) {
  if (stopped_) return;
  // etcd's gateway reports a broken watch request as one error line, then ends the stream.
  json::object error{{"error", status.message()}, {"message", status.message()}, {"code", 2}};
  exchange_->writeChunk(json::serialize(error) + "\n");
  exchange_->finish();
  stop();
}

void WatchSession::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& [watchId, entry] : entries_) store_.watchHub().cancel(entry.watcher);
  entries_.clear();
  progressTimer_.cancel();
  backpressureTimer_.cancel();
  exchange_->onDisconnect({});  // drops the exchange's hold on this session
}

}  // namespace kubelab::store
