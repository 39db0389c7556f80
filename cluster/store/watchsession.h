#pragma once
// One /v3/watch stream: any number of watchers created and cancelled by messages on the
// request body, their events written as newline-delimited WatchResponses. All of a session's
// work runs on its own strand, never on the store's writer thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/stream_parser.hpp>

#include <chrono>
#include <cstdint>
#include <atomic>
#include <map>
#include <memory>
#include <string_view>

#include "http/httpserver.h"
#include "store/etcdjson.h"
#include "store/mvccstore.h"

namespace kubelab::store {

class WatchSession : public std::enable_shared_from_this<WatchSession> {
 public:
  WatchSession(MvccStore& store, std::shared_ptr<http::Exchange> exchange, boost::asio::any_io_executor executor,
               std::chrono::milliseconds progressNotifyInterval);
  // Begins the response and starts listening to the request body.
  void start();

 private:
  struct Entry {
    std::shared_ptr<Watcher> watcher;
    bool progressNotify = false;
  };

  void onBody(std::string_view data);
  void handleMessage(const boost::json::value& message);
  void create(const boost::json::object& request);
  void cancel(std::int64_t watchId, const std::string& reason);
  void wakeUp();
  void drain();
  bool allSynced() const;
  void answerProgressRequest();
  void armProgressTimer();
  void onProgressTimer();
  void send(boost::json::object result);
  void fail(const Status& status);
  void stop();
  etcdjson::Header header(std::int64_t revision) const;

  MvccStore& store_;
  std::shared_ptr<http::Exchange> exchange_;
  boost::asio::any_io_executor strand_;
  std::chrono::milliseconds progressNotifyInterval_;
  boost::json::stream_parser parser_;
  std::map<std::int64_t, Entry> entries_;
  std::int64_t nextWatchId_ = 0;
  std::atomic<bool> wakeUpPending_{false};
  bool progressRequested_ = false;
  bool stopped_ = false;
  boost::asio::steady_timer progressTimer_;
  boost::asio::steady_timer backpressureTimer_;
};

}  // namespace kubelab::store
