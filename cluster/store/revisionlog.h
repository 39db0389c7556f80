#pragma once
// The revision log: every write is a row appended to one SQLite table, keyed by
// (revision, sub-revision); the latest row of a key at or before a revision is its value then.
// SQLite runs in WAL mode with synchronous=FULL, so a committed transaction is durable.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/keyvalue.h"
#include "store/sqlitedatabase.h"

namespace kubelab::store {

struct LogRow {
  std::int64_t subRevision = 0;
  KeyValue kv;  // kv.modRevision is the row's revision
  bool deleted = false;
  std::int64_t prevRevision = 0;  // the mod revision of the value this row replaced, or 0
};

struct StoredLease {
  std::int64_t id = 0;
  std::int64_t ttl = 0;
};

// The writing side. Used only by the store's single writer thread.
class RevisionLog {
 public:
  static Result<std::unique_ptr<RevisionLog>> open(const std::string& databasePath);

  Status begin();
  Status commit();
  Status rollback();

  Status append(const LogRow& row);
  Status setMeta(const std::string& name, std::int64_t value);
  Result<std::int64_t> meta(const std::string& name, std::int64_t fallback);
  Status putLease(const StoredLease& lease);
  Status deleteLease(std::int64_t id);

  // Removes up to maxRows rows that no read at or after `revision` can see. Returns how many
  // were removed, so the caller can continue in later batches.
  Result<std::int64_t> compactStep(std::int64_t revision, std::int64_t maxRows);

  // Start-up: the latest live row of every key, and every lease.
  Status loadLatest(const std::function<void(LogRow&&)>& visit);
  Result<std::vector<StoredLease>> loadLeases();

 private:
  explicit RevisionLog(std::unique_ptr<SqliteDatabase> database) : database_(std::move(database)) {}
  Status prepareStatements();

  std::unique_ptr<SqliteDatabase> database_;
  std::optional<Statement> appendStatement_;
  std::optional<Statement> setMetaStatement_;
};

// The reading side: historical ranges, watch catch-up and prev_kv lookups. Thread-safe; it
// keeps a small pool of read-only connections, which WAL mode lets run beside the writer.
class RevisionLogReader {
 public:
  explicit RevisionLogReader(std::string databasePath) : databasePath_(std::move(databasePath)) {}

  // Live keys in `range` as of `revision`, in key order.
  Result<std::vector<KeyValue>> rangeAt(const KeyRange& range, std::int64_t revision);
  // Rows with revision in [fromRevision, toRevision] in revision order, only for keys in `range`,
  // stopping at a revision boundary once maxRows is reached.
  Result<std::vector<LogRow>> rowsBetween(std::int64_t fromRevision, std::int64_t toRevision, const KeyRange& range,
                                          std::size_t maxRows);
  // The key's row at exactly `revision`, if it is a live value.
  Result<std::optional<KeyValue>> valueAt(const std::string& key, std::int64_t revision);

 private:
  Result<std::unique_ptr<SqliteDatabase>> acquire();
  void release(std::unique_ptr<SqliteDatabase> connection);

  std::string databasePath_;
  std::mutex poolMutex_;
  std::vector<std::unique_ptr<SqliteDatabase>> pool_;
};

}  // namespace kubelab::store
