#include "store/mvccstore.h"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "common/logging.h"

namespace kubelab::store {
namespace {

constexpr std::int64_t compactionRowsPerStep = 5000;

std::uint64_t randomIdentifier() {
  std::mt19937_64 random{std::random_device{}()};
  std::uint64_t id = 0;
  while (id == 0) id = random();
  return id;
}

[[noreturn]] void failStorage(const Status& status) {
  // The writer cannot tell what reached the disk: stop without acknowledging anything, as
  // etcd does on a backend failure. The supervisor restarts the store, which reloads the log.
  log::error("storage failure, stopping: ", status.toString());
  std::abort();
}

}  // namespace

MvccStore::MvccStore(const StoreOptions& options)
    : options_(options),
      databasePath_((std::filesystem::path(options.dataDirectory) / "store.db").string()),
      reader_(databasePath_) {}

Result<std::unique_ptr<MvccStore>> MvccStore::open(const StoreOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.dataDirectory, error);
  if (error) return Status(StatusCode::Unavailable, "cannot create " + options.dataDirectory + ": " + error.message());
  std::filesystem::permissions(options.dataDirectory, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  std::unique_ptr<MvccStore> store(new MvccStore(options));
  auto log = RevisionLog::open(store->databasePath_);
  if (!log) return log.status();
  store->log_ = std::move(*log);
  KUBELAB_RETURN_IF_ERROR(store->load());
  store->writer_ = std::thread([raw = store.get()] { raw->writerLoop(); });
  store->maintenance_ = std::thread([raw = store.get()] { raw->maintenanceLoop(); });
  return store;
}

Status MvccStore::load() {
  KUBELAB_RETURN_IF_ERROR(log_->begin());
  auto revision = log_->meta("current_revision", 1);
  auto compacted = log_->meta("compacted_revision", 0);
  auto clusterId = log_->meta("cluster_id", 0);
  auto memberId = log_->meta("member_id", 0);
  if (!revision || !compacted || !clusterId || !memberId) return internalError("cannot read the store's metadata");
  currentRevision_ = *revision;
  compactedRevision_ = *compacted;
  clusterId_ = static_cast<std::uint64_t>(*clusterId);
  memberId_ = static_cast<std::uint64_t>(*memberId);
  if (clusterId_ == 0) {
    clusterId_ = randomIdentifier();
    memberId_ = randomIdentifier();
    KUBELAB_RETURN_IF_ERROR(log_->setMeta("cluster_id", static_cast<std::int64_t>(clusterId_)));
    KUBELAB_RETURN_IF_ERROR(log_->setMeta("member_id", static_cast<std::int64_t>(memberId_)));
    KUBELAB_RETURN_IF_ERROR(log_->setMeta("current_revision", currentRevision_));
  }
  KUBELAB_RETURN_IF_ERROR(log_->commit());

  KUBELAB_RETURN_IF_ERROR(log_->loadLatest([this](LogRow&& row) { committed_.emplace(row.kv.key, std::move(row.kv)); }));
  auto leases = log_->loadLeases();
  if (!leases) return leases.status();
  for (const StoredLease& lease : *leases) leases_.grant(lease.id, lease.ttl);
  for (const auto& [key, kv] : committed_) {
    if (kv.lease != 0) leases_.attach(kv.lease, key);
  }
  watchHub_ = std::make_unique<WatchHub>(currentRevision_);
  log::info("store loaded: ", committed_.size(), " keys, ", leases->size(), " leases, revision ", currentRevision_,
            ", compacted at ", compactedRevision_);
  return Status::ok();
}

MvccStore::~MvccStore() {
  {
    std::lock_guard lock(queueMutex_);
    stopping_ = true;
  }
  queueChanged_.notify_all();
  stopRequested_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (maintenance_.joinable()) maintenance_.join();
}

std::int64_t MvccStore::currentRevision() const {
  std::shared_lock lock(indexMutex_);
  return currentRevision_;
}

std::int64_t MvccStore::compactedRevision() const {
  std::shared_lock lock(indexMutex_);
  return compactedRevision_;
}

std::int64_t MvccStore::databaseSizeBytes() const {
  std::error_code error;
  std::int64_t size = 0;
  for (const char* suffix : {"", "-wal"}) {
    auto bytes = std::filesystem::file_size(databasePath_ + suffix, error);
    if (!error) size += static_cast<std::int64_t>(bytes);
  }
  return size;
}

Result<RangeResponse> MvccStore::range(const RangeRequest& request) {
  if (request.range.key.empty()) return Status(invalid("etcdserver: key is not provided"));
  std::shared_lock lock(indexMutex_);
  std::int64_t revision = request.revision > 0 ? request.revision : currentRevision_;
  if (revision > currentRevision_) return Status(StatusCode::OutOfRange, errors::futureRevision);
  if (revision < compactedRevision_) return Status(StatusCode::Gone, errors::compacted);
  std::int64_t current = currentRevision_;
  if (request.range.isEmpty()) return finishRange(request, {}, current, 0);
  if (revision < current) {
    lock.unlock();
    auto kvs = reader_.rangeAt(request.range, revision);
    if (!kvs) return kvs.status();
    auto count = static_cast<std::int64_t>(kvs->size());
    // As etcd does, the header tells the current revision, not the one read at.
    return finishRange(request, std::move(*kvs), current, count);
  }

  // Copy only what the answer needs: with no sorting or filtering, limit + 1 keys tell "more".
  bool pushDownLimit = request.limit > 0 && request.sortOrder != SortOrder::Descend &&
                       request.sortTarget == SortTarget::Key && request.minModRevision == 0 &&
                       request.maxModRevision == 0 && request.minCreateRevision == 0 && request.maxCreateRevision == 0;
  std::size_t copyLimit = request.countOnly ? 0 : (pushDownLimit ? static_cast<std::size_t>(request.limit) + 1 : SIZE_MAX);
  std::vector<KeyValue> kvs;
  std::int64_t count = 0;
  if (request.range.isSingleKey()) {
    if (auto found = committed_.find(request.range.key); found != committed_.end()) {
      count = 1;
      if (copyLimit > 0) kvs.push_back(found->second);
    }
  } else {
    auto end = request.range.isUnbounded() ? committed_.end() : committed_.lower_bound(request.range.rangeEnd);
    for (auto it = committed_.lower_bound(request.range.key); it != end; ++it, ++count) {
      if (kvs.size() < copyLimit) kvs.push_back(it->second);
    }
  }
  lock.unlock();
  return finishRange(request, std::move(kvs), revision, count);
}

void MvccStore::enqueue(Operation apply, std::function<void()> reply) {
  {
    std::lock_guard lock(queueMutex_);
    queue_.push_back({std::move(apply), std::move(reply)});
  }
  queueChanged_.notify_one();
}

template <typename T>
void MvccStore::submit(std::function<Result<T>(WriteBatch&)> apply, Completion<T> done) {
  auto outcome = std::make_shared<std::optional<Result<T>>>();
  enqueue([apply = std::move(apply), outcome](WriteBatch& batch) { outcome->emplace(apply(batch)); },
          [done = std::move(done), outcome] { done(std::move(**outcome)); });
}

void MvccStore::txn(TxnRequest request, Completion<TxnResponse> done) {
  submit<TxnResponse>([request = std::move(request)](WriteBatch& batch) { return batch.applyTxn(request); },
                      std::move(done));
}

void MvccStore::put(PutRequest request, Completion<PutResponse> done) {
  TxnRequest txn;
  txn.success.push_back(RequestOp{RequestOp::Kind::Put, {}, std::move(request), {}, {}});
  this->txn(std::move(txn), [done = std::move(done)](Result<TxnResponse> response) {
    if (!response) return done(response.status());
    PutResponse put = std::move(response->responses.front().put);
    done(std::move(put));
  });
}

void MvccStore::deleteRange(DeleteRangeRequest request, Completion<DeleteRangeResponse> done) {
  TxnRequest txn;
  txn.success.push_back(RequestOp{RequestOp::Kind::DeleteRange, {}, {}, std::move(request), {}});
  this->txn(std::move(txn), [done = std::move(done)](Result<TxnResponse> response) {
    if (!response) return done(response.status());
    DeleteRangeResponse deleted = std::move(response->responses.front().deleteRange);
    done(std::move(deleted));
  });
}

void MvccStore::compact(std::int64_t revision, Completion<std::int64_t> done) {
  submit<std::int64_t>([revision](WriteBatch& batch) { return batch.compact(revision); }, std::move(done));
}

void MvccStore::grantLease(LeaseGrantRequest request, Completion<LeaseGrantResponse> done) {
  submit<LeaseGrantResponse>([request](WriteBatch& batch) { return batch.grantLease(request); }, std::move(done));
}

void MvccStore::revokeLease(std::int64_t id, Completion<std::int64_t> done) {
  submit<std::int64_t>([id](WriteBatch& batch) { return batch.revokeLease(id); }, std::move(done));
}

void MvccStore::writerLoop() {
  while (true) {
    std::vector<QueuedOperation> operations;
    {
      std::unique_lock lock(queueMutex_);
      bool compactionDue = physicallyCompactedRevision_ < compactedRevision();
      queueChanged_.wait_for(lock, std::chrono::milliseconds(compactionDue ? 50 : 1000),
                             [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && operations.size() < options_.maximumBatchOperations) {
        operations.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!operations.empty()) runBatch(operations);
    compactPhysically();
  }
}

void MvccStore::runBatch(std::vector<QueuedOperation>& operations) {
  // Only this thread changes committed_ and the revisions, so it may read them unlocked.
  std::int64_t startRevision = currentRevision_;
  WriteBatch batch(committed_, leases_, *log_, currentRevision_, compactedRevision_);
  if (Status begun = log_->begin(); !begun) failStorage(begun);
  for (QueuedOperation& operation : operations) operation.apply(batch);
  if (batch.currentRevision() != startRevision) {
    if (Status saved = log_->setMeta("current_revision", batch.currentRevision()); !saved) failStorage(saved);
  }
  if (Status committed = log_->commit(); !committed) failStorage(committed);

  std::vector<RevisionEventsPointer> events = batch.takeEvents();
  {
    std::unique_lock lock(indexMutex_);
    for (const auto& [key, value] : batch.overlay()) {
      if (value) {
        committed_.insert_or_assign(key, *value);
      } else {
        committed_.erase(key);
      }
    }
    currentRevision_ = batch.currentRevision();
    compactedRevision_ = batch.compactedRevision();
  }
  if (!events.empty()) watchHub_->publish(events);
  for (QueuedOperation& operation : operations) operation.reply();
}

void MvccStore::compactPhysically() {
  std::int64_t target = compactedRevision_;
  if (physicallyCompactedRevision_ >= target) return;
  if (Status begun = log_->begin(); !begun) failStorage(begun);
  auto removed = log_->compactStep(target, compactionRowsPerStep);
  if (!removed) {
    log::warning("compaction step failed: ", removed.status().toString());
    if (Status rolledBack = log_->rollback(); !rolledBack) failStorage(rolledBack);
    return;
  }
  if (Status committed = log_->commit(); !committed) failStorage(committed);
  if (*removed < compactionRowsPerStep) {
    physicallyCompactedRevision_ = target;
    log::info("compacted history up to revision ", target);
  }
}

void MvccStore::maintenanceLoop() {
  auto lastCompactionCheck = std::chrono::steady_clock::now();
  while (true) {
    {
      std::unique_lock lock(queueMutex_);
      if (stopRequested_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) return;
    }
    for (std::int64_t id : leases_.takeExpired()) {
      revokeLease(id, [id](Result<std::int64_t> revoked) {
        if (!revoked) log::warning("revoking expired lease ", id, ": ", revoked.status().toString());
      });
    }
    auto now = std::chrono::steady_clock::now();
    if (now - lastCompactionCheck >= std::chrono::seconds(1)) {
      lastCompactionCheck = now;
      autoCompact();
    }
  }
}

void MvccStore::autoCompact() {
  std::int64_t current = currentRevision();
  std::int64_t target = 0;
  if (options_.autoCompaction == StoreOptions::AutoCompaction::Revision) {
    target = current - options_.revisionRetention;
  } else if (options_.autoCompaction == StoreOptions::AutoCompaction::Periodic) {
    auto now = std::chrono::steady_clock::now();
    if (revisionSamples_.empty() || revisionSamples_.back().second != current) revisionSamples_.emplace_back(now, current);
    // Compact to the newest revision that is older than the retention period.
    while (revisionSamples_.size() > 1 && now - revisionSamples_[1].first >= options_.periodicRetention) {
      revisionSamples_.erase(revisionSamples_.begin());
    }
    if (!revisionSamples_.empty() && now - revisionSamples_.front().first >= options_.periodicRetention) {
      target = revisionSamples_.front().second;
    }
  }
  if (target <= compactedRevision()) return;
  compact(target, [target](Result<std::int64_t> compacted) {
    if (compacted) log::info("automatic compaction at revision ", target);
  });
}

}  // namespace kubelab::store
