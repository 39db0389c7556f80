#include "changelog.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace kubelab::visualizer {

namespace {

constexpr const char* kResetKind = "*reset*";

QString newConnectionName() {
  static QAtomicInteger<int> counter;
  return QStringLiteral("kubelab-changelog-%1").arg(counter.fetchAndAddRelaxed(1));
}

std::optional<ResourceKind> kindFromName(const QString& name) {
  for (int i = 0; i < kResourceKindCount; ++i) {
    auto kind = static_cast<ResourceKind>(i);
    if (name == QLatin1String(resourceKindName(kind))) return kind;
  }
  return std::nullopt;
}

QString uidOf(const boost::json::object& object) {
  const auto* metadata = object.if_contains("metadata");
  if (!metadata || !metadata->is_object()) return {};
  const auto* uid = metadata->as_object().if_contains("uid");
  if (!uid || !uid->is_string()) return {};
  return QString::fromStdString(std::string(uid->as_string()));
}

}  // namespace

ChangeLog::ChangeLog(const QString& path) : connection_(newConnectionName()) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
  db.setDatabaseName(path);
  if (!db.open()) {
    error_ = db.lastError().text();
    return;
  }
  QSqlQuery query(db);
  query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
  query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
  query.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
  if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS changes (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, "
                                 "kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, uid TEXT NOT NULL, "
                                 "deleted INTEGER NOT NULL, json TEXT NOT NULL)")) ||
      !query.exec(QStringLiteral("CREATE INDEX IF NOT EXISTS changes_time ON changes(time)"))) {
    error_ = query.lastError().text();
    return;
  }
  open_ = true;
}

ChangeLog::~ChangeLog() {
  { QSqlDatabase::database(connection_, false).close(); }
  QSqlDatabase::removeDatabase(connection_);
}

bool ChangeLog::append(qint64 msecs, const std::vector<ObjectChange>& changes) {
  if (!open_ || changes.empty()) return open_;
  QSqlDatabase db = QSqlDatabase::database(connection_, false);
  db.transaction();
  QSqlQuery query(db);
  // An empty QString binds as NULL: a node's namespace, an object without a uid.
  query.prepare(QStringLiteral("INSERT INTO changes (time, kind, namespace, name, uid, deleted, json) "
                               "VALUES (?, ?, COALESCE(?, ''), ?, COALESCE(?, ''), ?, COALESCE(?, ''))"));
  for (const ObjectChange& change : changes) {
    QString key = QString::fromStdString(change.key);
    qsizetype slash = key.indexOf(QLatin1Char('/'));
    query.addBindValue(msecs);
    query.addBindValue(QString::fromLatin1(resourceKindName(change.kind)));
    query.addBindValue(slash < 0 ? QString() : key.left(slash));
    query.addBindValue(slash < 0 ? key : key.mid(slash + 1));
    query.addBindValue(change.object ? uidOf(*change.object) : QString());
    query.addBindValue(change.deleted ? 1 : 0);
    query.addBindValue(change.object ? QString::fromStdString(boost::json::serialize(*change.object)) : QString());
    if (!query.exec()) {
      error_ = query.lastError().text();
      db.rollback();
      return false;
    }
  }
  return db.commit();
}

bool ChangeLog::appendReset(qint64 msecs) {
  if (!open_) return false;
  QSqlQuery query(QSqlDatabase::database(connection_, false));
  query.prepare(QStringLiteral("INSERT INTO changes (time, kind, namespace, name, uid, deleted, json) "
                               "VALUES (?, ?, '', '', '', 1, '')"));
  query.addBindValue(msecs);
  query.addBindValue(QString::fromLatin1(kResetKind));
  return query.exec();
}

std::pair<qint64, qint64> ChangeLog::timeRange() const {
  if (!open_) return {0, 0};
  QSqlQuery query(QSqlDatabase::database(connection_, false));
  if (!query.exec(QStringLiteral("SELECT MIN(time), MAX(time) FROM changes")) || !query.next() ||
      query.value(0).isNull())
    return {0, 0};
  return {query.value(0).toLongLong(), query.value(1).toLongLong()};
}

std::vector<ObjectChange> ChangeLog::stateAt(qint64 msecs) const {
  std::vector<ObjectChange> state;
  if (!open_) return state;
  QSqlQuery query(QSqlDatabase::database(connection_, false));
  query.setForwardOnly(true);
  query.prepare(QStringLiteral(
      "SELECT kind, namespace, name, json FROM changes WHERE id IN ("
      "  SELECT MAX(id) FROM changes WHERE time <= ? AND id > "
      "    (SELECT COALESCE(MAX(id), 0) FROM changes WHERE kind = ? AND time <= ?)"
      "  GROUP BY kind, namespace, name) AND deleted = 0 ORDER BY id"));
  // QtSql binds positional placeholders only, so the repeated ones are bound again.
  query.addBindValue(msecs);
  query.addBindValue(QString::fromLatin1(kResetKind));
  query.addBindValue(msecs);
  if (!query.exec()) return state;
  while (query.next()) {
    auto kind = kindFromName(query.value(0).toString());
    if (!kind) continue;
    boost::system::error_code error;
    boost::json::value value = boost::json::parse(query.value(3).toString().toStdString(), error);
    if (error || !value.is_object()) continue;
    QString ns = query.value(1).toString();
    QString name = query.value(2).toString();
    ObjectChange change;
    change.kind = *kind;
    change.key = (ns.isEmpty() ? name : ns + QLatin1Char('/') + name).toStdString();
    change.object = std::make_shared<const boost::json::object>(std::move(value.as_object()));
    state.push_back(std::move(change));
  }
  return state;
}

void ChangeLog::trimBefore(qint64 cutoff) {
  if (!open_) return;
  QSqlQuery query(QSqlDatabase::database(connection_, false));
  query.prepare(QStringLiteral(
      "DELETE FROM changes WHERE time < ? AND id NOT IN ("
      "  SELECT MAX(id) FROM changes WHERE time < ? GROUP BY kind, namespace, name)"));
  query.addBindValue(cutoff);
  query.addBindValue(cutoff);
  query.exec();
  // What is left before the cutoff is each object's state then; deletions and anything older
  // than the last reset say nothing stateAt needs.
  query.prepare(QStringLiteral(
      "DELETE FROM changes WHERE time < ? AND kind <> ? AND (deleted = 1 OR id < "
      "  (SELECT COALESCE(MAX(id), 0) FROM changes WHERE kind = ? AND time < ?))"));
  query.addBindValue(cutoff);
  query.addBindValue(QString::fromLatin1(kResetKind));
  query.addBindValue(QString::fromLatin1(kResetKind));
  query.addBindValue(cutoff);
  query.exec();
}

qint64 ChangeLog::rowCount() const {
  QSqlQuery query(QSqlDatabase::database(connection_, false));
  if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM changes")) || !query.next()) return 0;
  return query.value(0).toLongLong();
}

ChangeRecorder::ChangeRecorder(ClusterModel* model, const QString& path, qint64 keepMsecs, QObject* parent)
    : QObject(parent), model_(model), path_(path), keepMsecs_(keepMsecs) {
  worker_ = std::thread([this] { run(); });
  model_->setChangeObserver([this](const std::vector<ObjectChange>& changes) {
    enqueue({QDateTime::currentMSecsSinceEpoch(), false, changes});
  });
  connect(model_, &ClusterModel::cleared, this,
          [this] { enqueue({QDateTime::currentMSecsSinceEpoch(), true, {}}); });
  enqueue({QDateTime::currentMSecsSinceEpoch(), true, {}});
}

ChangeRecorder::~ChangeRecorder() {
  if (model_) model_->setChangeObserver({});
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

QString ChangeRecorder::defaultPath(const QString& clusterName) {
  QString safe = clusterName;
  for (QChar& c : safe) {
    if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_') && c != QLatin1Char('.'))
      c = QLatin1Char('_');
  }
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recordings/") + safe +
         QStringLiteral(".sqlite");
}

void ChangeRecorder::enqueue(Batch batch) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(batch));
    ++queued_;
  }
}

void ChangeRecorder::waitForWritten() {
  std::unique_lock lock(mutex_);
  std::uint64_t target = queued_;
  wake_.notify_all();
  written_.wait(lock, [&] { return done_ >= target || stopping_; });
}

void ChangeRecorder::run() {
  ChangeLog log(path_);
  qint64 lastTrim = 0;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, std::chrono::milliseconds(kWriteIntervalMsecs));
    std::deque<Batch> batches;
    batches.swap(queue_);
    bool stopping = stopping_;
    lock.unlock();
    for (const Batch& batch : batches) {
      if (batch.reset) {
        log.appendReset(batch.msecs);
      } else {
        log.append(batch.msecs, batch.changes);
      }
    }
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - lastTrim > 60 * 1000) {
      log.trimBefore(now - keepMsecs_);
      lastTrim = now;
    }
    lock.lock();
    done_ += batches.size();
    written_.notify_all();
    if (stopping) return;
  }
}

}  // namespace kubelab::visualizer
