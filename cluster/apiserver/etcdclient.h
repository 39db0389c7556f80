#pragma once
// The API server's client for etcd's v3 JSON API, so it runs unchanged on kubelab-store or a
// real etcd 3.4. Thread-safe: requests borrow a keep-alive connection from a small pool.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/httpclient.h"

namespace kubelab::apiserver {

struct EtcdKeyValue {
  std::string key;
  std::string value;
  std::int64_t createRevision = 0;
  std::int64_t modRevision = 0;
};

struct EtcdList {
  std::vector<EtcdKeyValue> kvs;
  bool more = false;
  std::int64_t count = 0;
  std::int64_t revision = 0;  // the store's revision the list was read at
};

struct EtcdWatchEvent {
  bool deleted = false;
  EtcdKeyValue kv;
  std::optional<EtcdKeyValue> prevKv;
};

// One etcd watch stream. next() blocks up to `timeout` for the next batch of events.
class EtcdWatch {
 public:
  struct Batch {
    std::vector<EtcdWatchEvent> events;
    std::int64_t headerRevision = 0;   // the store's revision when the batch was sent
    std::int64_t compactRevision = 0;  // non-zero: history before this is gone; the watch ended
    bool progress = false;             // a progress notification: all events up to headerRevision were sent
  };
  explicit EtcdWatch(std::unique_ptr<http::Stream> stream) : stream_(std::move(stream)) {}
  // DeadlineExceeded when nothing came in time; Unavailable when the stream broke.
  Result<Batch> next(std::chrono::milliseconds timeout);
  // Asks the store to report progress (answered as a Batch with progress set).
  Status requestProgress();

 private:
  std::unique_ptr<http::Stream> stream_;
};

class EtcdClient {
 public:
  // `endpoint` is an etcd client URL such as http://127.0.0.1:2379.
  static Result<std::unique_ptr<EtcdClient>> connect(const std::string& endpoint);

  Result<std::optional<EtcdKeyValue>> get(const std::string& key, std::int64_t revision = 0);
  // Keys in [start, end) at `revision` (0: current), at most `limit` (0: all).
  Result<EtcdList> list(const std::string& start, const std::string& end, std::int64_t limit, std::int64_t revision);
  // Creates the key only if it does not exist; AlreadyExists otherwise. Returns the new revision.
  Result<std::int64_t> create(const std::string& key, const std::string& value);
  // Replaces the key only if its mod revision is still `expectedModRevision`; Conflict otherwise
  // (NotFound if it is gone). Returns the new revision.
  Result<std::int64_t> update(const std::string& key, const std::string& value, std::int64_t expectedModRevision);
  // Deletes the key if its mod revision is still `expectedModRevision` (0: unconditionally).
  // Returns the revision of the delete.
  Result<std::int64_t> remove(const std::string& key, std::int64_t expectedModRevision);
  Result<std::int64_t> currentRevision();
  Status compact(std::int64_t revision);
  // Watches [start, end) from `startRevision` (0: from now), with previous values.
  Result<std::unique_ptr<EtcdWatch>> watch(const std::string& start, const std::string& end,
                                           std::int64_t startRevision);
  bool healthy();

 private:
  EtcdClient(std::string host, std::uint16_t port) : host_(std::move(host)), port_(port) {}
  Result<std::string> call(const std::string& path, const std::string& body);
  std::unique_ptr<http::Client> borrow();
  void giveBack(std::unique_ptr<http::Client> client);

  std::string host_;
  std::uint16_t port_;
  std::mutex poolMutex_;
  std::vector<std::unique_ptr<http::Client>> pool_;
};

// The smallest key greater than every key that starts with `prefix`: etcd's prefix range end.
std::string prefixEnd(const std::string& prefix);

}  // namespace kubelab::apiserver
