#pragma once
// The MVCC store: the committed key index in memory for current reads, the revision log in
// SQLite for history, a single writer thread that group-commits queued writes (concurrent
// writers share one fsync), leases, compaction, and the watch hub.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "common/status.h"
#include "store/keyvalue.h"
#include "store/leasetable.h"
#include "store/revisionlog.h"
#include "store/watchhub.h"
#include "store/writebatch.h"

namespace kubelab::store {

struct StoreOptions {
  std::string dataDirectory;
  enum class AutoCompaction { Off, Periodic, Revision };
  AutoCompaction autoCompaction = AutoCompaction::Off;
  std::chrono::seconds periodicRetention{3600};  // Periodic: keep this much history
  std::int64_t revisionRetention = 10000;         // Revision: keep this many revisions
  std::size_t maximumBatchOperations = 1000;
};

template <typename T>
using Completion = std::function<void(Result<T>)>;

class MvccStore final : public HistorySource {
 public:
  static Result<std::unique_ptr<MvccStore>> open(const StoreOptions& options);
  ~MvccStore() override;
  MvccStore(const MvccStore&) = delete;
  MvccStore& operator=(const MvccStore&) = delete;

  // Reads; thread-safe. A current read never waits for the writer.
  Result<RangeResponse> range(const RangeRequest& request);

  // Writes go through the writer; `done` runs on the writer thread once the write is durable.
  void txn(TxnRequest request, Completion<TxnResponse> done);
  void put(PutRequest request, Completion<PutResponse> done);
  void deleteRange(DeleteRangeRequest request, Completion<DeleteRangeResponse> done);
  void compact(std::int64_t revision, Completion<std::int64_t> done);
  void grantLease(LeaseGrantRequest request, Completion<LeaseGrantResponse> done);
  void revokeLease(std::int64_t id, Completion<std::int64_t> done);

  // Lease bookkeeping that never touches the disk.
  std::optional<std::int64_t> keepAliveLease(std::int64_t id) { return leases_.keepAlive(id); }
  LeaseTimeToLive leaseTimeToLive(std::int64_t id, bool withKeys) const { return leases_.timeToLive(id, withKeys); }
  std::vector<std::int64_t> leaseIds() const { return leases_.ids(); }

  WatchHub& watchHub() { return *watchHub_; }
  std::int64_t currentRevision() const;
  std::int64_t compactedRevision() const override;
  RevisionLogReader& history() override { return reader_; }
  std::uint64_t clusterId() const { return clusterId_; }
  std::uint64_t memberId() const { return memberId_; }
  std::int64_t databaseSizeBytes() const;

 private:
  using Operation = std::function<void(WriteBatch&)>;
  struct QueuedOperation {
    Operation apply;              // runs inside the batch, records its result
    std::function<void()> reply;  // runs after the batch is durable
  };

  explicit MvccStore(const StoreOptions& options);
  Status load();
  void enqueue(Operation apply, std::function<void()> reply);
  template <typename T>
  void submit(std::function<Result<T>(WriteBatch&)> apply, Completion<T> done);
  void writerLoop();
  void runBatch(std::vector<QueuedOperation>& operations);
  void compactPhysically();
  void maintenanceLoop();
  void autoCompact();

  const StoreOptions options_;
  std::string databasePath_;
  std::unique_ptr<RevisionLog> log_;
  RevisionLogReader reader_;
  LeaseTable leases_;
  std::unique_ptr<WatchHub> watchHub_;  // created once the current revision is known

  mutable std::shared_mutex indexMutex_;  // guards committed_ and the two revisions below
  KeyIndex committed_;
  std::int64_t currentRevision_ = 1;
  std::int64_t compactedRevision_ = 0;
  std::int64_t physicallyCompactedRevision_ = 0;  // writer thread only
  std::uint64_t clusterId_ = 0;
  std::uint64_t memberId_ = 0;

  std::mutex queueMutex_;
  std::condition_variable queueChanged_;     // wakes the writer
  std::condition_variable stopRequested_;    // wakes the maintenance thread
  std::deque<QueuedOperation> queue_;
  bool stopping_ = false;
  std::thread writer_;
  std::thread maintenance_;
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::int64_t>> revisionSamples_;
};

}  // namespace kubelab::store
