#include "store/revisionlog.h"

namespace kubelab::store {
namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS log(
  revision INTEGER NOT NULL,
  sub_revision INTEGER NOT NULL,
  key BLOB NOT NULL,
  value BLOB,
  create_revision INTEGER NOT NULL,
  version INTEGER NOT NULL,
  lease INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS log_by_revision ON log(revision, sub_revision);
CREATE UNIQUE INDEX IF NOT EXISTS log_by_key ON log(key, revision);
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS leases(id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL);
)sql";

constexpr const char* rowColumns =
    "sub_revision, key, value, create_revision, revision, version, lease, deleted, prev_revision";

LogRow readRow(const Statement& statement) {
  LogRow row;
  row.subRevision = statement.integer(0);
  row.kv.key = statement.blob(1);
  row.kv.value = statement.blob(2);
  row.kv.createRevision = statement.integer(3);
  row.kv.modRevision = statement.integer(4);
  row.kv.version = statement.integer(5);
  row.kv.lease = statement.integer(6);
  row.deleted = statement.integer(7) != 0;
  row.prevRevision = statement.integer(8);
  return row;
}

// The WHERE clause for a key range; binds the range's keys starting at parameter `first`.
std::string rangeCondition(const KeyRange& range, int first) {
  std::string a = "?" + std::to_string(first);
  std::string b = "?" + std::to_string(first + 1);
  if (range.isSingleKey()) return "key = " + a;
  if (range.isUnbounded()) return "key >= " + a;
  return "key >= " + a + " AND key < " + b;
}

void bindRange(Statement& statement, const KeyRange& range, int first) {
  statement.bindBlob(first, range.key);
  if (!range.isSingleKey() && !range.isUnbounded()) statement.bindBlob(first + 1, range.rangeEnd);
}

}  // namespace

Result<std::unique_ptr<RevisionLog>> RevisionLog::open(const std::string& databasePath) {
  auto database = SqliteDatabase::open(databasePath, false);
  if (!database) return database.status();
  auto& db = **database;
  KUBELAB_RETURN_IF_ERROR(db.execute("PRAGMA journal_mode=WAL"));
  // FULL: a commit fsyncs the WAL, so an acknowledged write survives power loss and kill -9.
  KUBELAB_RETURN_IF_ERROR(db.execute("PRAGMA synchronous=FULL"));
  KUBELAB_RETURN_IF_ERROR(db.execute("PRAGMA cache_size=-65536"));
  KUBELAB_RETURN_IF_ERROR(db.execute(schema));
  std::unique_ptr<RevisionLog> log(new RevisionLog(std::move(*database)));
  KUBELAB_RETURN_IF_ERROR(log->prepareStatements());
  return log;
}

Status RevisionLog::prepareStatements() {
  auto append = database_->prepare(
      "INSERT INTO log(sub_revision, key, value, create_revision, revision, version, lease, deleted, prev_revision) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!append) return append.status();
  appendStatement_.emplace(std::move(*append));
  auto setMeta = database_->prepare("INSERT OR REPLACE INTO meta(name, value) VALUES (?1, ?2)");
  if (!setMeta) return setMeta.status();
  setMetaStatement_.emplace(std::move(*setMeta));
  return Status::ok();
}

Status RevisionLog::begin() { return database_->execute("BEGIN IMMEDIATE"); }
Status RevisionLog::commit() { return database_->execute("COMMIT"); }
Status RevisionLog::rollback() { return database_->execute("ROLLBACK"); }

Status RevisionLog::append(const LogRow& row) {
  auto& statement = *appendStatement_;
  statement.bind(1, row.subRevision).bindBlob(2, row.kv.key);
  if (row.deleted) {
    statement.bindNull(3);
  } else {
    statement.bindBlob(3, row.kv.value);
  }
  statement.bind(4, row.kv.createRevision)
      .bind(5, row.kv.modRevision)
      .bind(6, row.kv.version)
      .bind(7, row.kv.lease)
      .bind(8, row.deleted ? 1 : 0)
      .bind(9, row.prevRevision);
  return statement.run();
}

Status RevisionLog::setMeta(const std::string& name, std::int64_t value) {
  auto& statement = *setMetaStatement_;
  statement.bindBlob(1, name).bind(2, value);
  return statement.run();
}

Result<std::int64_t> RevisionLog::meta(const std::string& name, std::int64_t fallback) {
  auto statement = database_->prepare("SELECT value FROM meta WHERE name = ?1");
  if (!statement) return statement.status();
  statement->bindBlob(1, name);
  auto row = statement->step();
  if (!row) return row.status();
  return *row ? statement->integer(0) : fallback;
}

Status RevisionLog::putLease(const StoredLease& lease) {
  auto statement = database_->prepare("INSERT OR REPLACE INTO leases(id, ttl) VALUES (?1, ?2)");
  if (!statement) return statement.status();
  statement->bind(1, lease.id).bind(2, lease.ttl);
  return statement->run();
}

Status RevisionLog::deleteLease(std::int64_t id) {
  auto statement = database_->prepare("DELETE FROM leases WHERE id = ?1");
  if (!statement) return statement.status();
  statement->bind(1, id);
  return statement->run();
}

Result<std::int64_t> RevisionLog::compactStep(std::int64_t revision, std::int64_t maxRows) {
  // A row is invisible at `revision` and after when a newer row of its key is at or before
  // `revision`; a tombstone at or before `revision` is invisible too (the key is absent).
  auto statement = database_->prepare(
      "DELETE FROM log WHERE rowid IN ("
      " SELECT old.rowid FROM log AS old WHERE old.revision <= ?1 AND ("
      "  old.deleted = 1 OR EXISTS (SELECT 1 FROM log AS newer WHERE newer.key = old.key"
      "   AND newer.revision > old.revision AND newer.revision <= ?1))"
      " LIMIT ?2)");
  if (!statement) return statement.status();
  statement->bind(1, revision).bind(2, maxRows);
  KUBELAB_RETURN_IF_ERROR(statement->run());
  return static_cast<std::int64_t>(sqlite3_changes(database_->handle()));
}

Status RevisionLog::loadLatest(const std::function<void(LogRow&&)>& visit) {
  auto statement = database_->prepare(std::string("SELECT ") + rowColumns +
                                      " FROM log AS row WHERE row.revision = "
                                      "(SELECT MAX(revision) FROM log WHERE key = row.key) AND row.deleted = 0");
  if (!statement) return statement.status();
  while (true) {
    auto more = statement->step();
    if (!more) return more.status();
    if (!*more) return Status::ok();
    visit(readRow(*statement));
  }
}

Result<std::vector<StoredLease>> RevisionLog::loadLeases() {
  auto statement = database_->prepare("SELECT id, ttl FROM leases");
  if (!statement) return statement.status();
  std::vector<StoredLease> leases;
  while (true) {
    auto more = statement->step();
    if (!more) return more.status();
    if (!*more) return leases;
    leases.push_back({statement->integer(0), statement->integer(1)});
  }
}

Result<std::unique_ptr<SqliteDatabase>> RevisionLogReader::acquire() {
  {
    std::lock_guard lock(poolMutex_);
    if (!pool_.empty()) {
      auto connection = std::move(pool_.back());
      pool_.pop_back();
      return connection;
    }
  }
  return SqliteDatabase::open(databasePath_, true);
}

void RevisionLogReader::release(std::unique_ptr<SqliteDatabase> connection) {
  std::lock_guard lock(poolMutex_);
  if (pool_.size() < 8) pool_.push_back(std::move(connection));
}

Result<std::vector<KeyValue>> RevisionLogReader::rangeAt(const KeyRange& range, std::int64_t revision) {
  auto connection = acquire();
  if (!connection) return connection.status();
  // SQLite takes the bare columns of an aggregate query from the row that has the MAX().
  auto statement = (*connection)->prepare(std::string("SELECT ") + rowColumns + ", MAX(revision) FROM log WHERE " +
                                          rangeCondition(range, 1) + " AND revision <= ?3 GROUP BY key ORDER BY key");
  if (!statement) return statement.status();
  bindRange(*statement, range, 1);
  statement->bind(3, revision);
  std::vector<KeyValue> kvs;
  while (true) {
    auto more = statement->step();
    if (!more) return more.status();
    if (!*more) break;
    LogRow row = readRow(*statement);
    if (!row.deleted) kvs.push_back(std::move(row.kv));
  }
  statement->reset();
  release(std::move(*connection));
  return kvs;
}

Result<std::vector<LogRow>> RevisionLogReader::rowsBetween(std::int64_t fromRevision, std::int64_t toRevision,
                                                           const KeyRange& range, std::size_t maxRows) {
  auto connection = acquire();
  if (!connection) return connection.status();
  auto statement = (*connection)->prepare(std::string("SELECT ") + rowColumns + " FROM log WHERE revision >= ?1 AND revision <= ?2 AND " +
                                          rangeCondition(range, 3) + " ORDER BY revision, sub_revision");
  if (!statement) return statement.status();
  statement->bind(1, fromRevision).bind(2, toRevision);
  bindRange(*statement, range, 3);
  std::vector<LogRow> rows;
  while (true) {
    auto more = statement->step();
    if (!more) return more.status();
    if (!*more) break;
    LogRow row = readRow(*statement);
    // Never split a revision: a txn's events are delivered together.
    if (rows.size() >= maxRows && row.kv.modRevision != rows.back().kv.modRevision) break;
    rows.push_back(std::move(row));
  }
  statement->reset();
  release(std::move(*connection));
  return rows;
}

Result<std::optional<KeyValue>> RevisionLogReader::valueAt(const std::string& key, std::int64_t revision) {
  auto connection = acquire();
  if (!connection) return connection.status();
  auto statement =
      (*connection)->prepare(std::string("SELECT ") + rowColumns + " FROM log WHERE key = ?1 AND revision = ?2");
  if (!statement) return statement.status();
  statement->bindBlob(1, key).bind(2, revision);
  auto found = statement->step();
  if (!found) return found.status();
  std::optional<KeyValue> value;
  if (*found) {
    LogRow row = readRow(*statement);
    if (!row.deleted) value = std::move(row.kv);
  }
  statement->reset();
  release(std::move(*connection));
  return value;
}

}  // namespace kubelab::store
