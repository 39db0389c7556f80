#include "store/sqlitedatabase.h"

#include <utility>

namespace kubelab::store {

Statement::~Statement() {
  if (statement_ != nullptr) sqlite3_finalize(statement_);
}

Statement::Statement(Statement&& other) noexcept
    : database_(other.database_), statement_(std::exchange(other.statement_, nullptr)) {}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes) {
  // An empty value must still be a BLOB, not NULL: a zero-length pointer that is not null.
  static const char empty = 0;
  sqlite3_bind_blob64(statement_, index, bytes.empty() ? &empty : bytes.data(), bytes.size(), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

Result<bool> Statement::step() {
  int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return Status(StatusCode::Unavailable, std::string("sqlite: ") + sqlite3_errmsg(database_));
}

Status Statement::run() {
  auto stepped = step();
  reset();
  return stepped.status();
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::blob(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  int size = sqlite3_column_bytes(statement_, column);
  if (data == nullptr || size <= 0) return {};
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

bool Statement::isNull(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path, bool readOnly) {
  sqlite3* handle = nullptr;
  int flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int code = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(code);
    sqlite3_close(handle);
    return Status(StatusCode::Unavailable, "cannot open database " + path + ": " + message);
  }
  sqlite3_busy_timeout(handle, 10000);
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(handle));
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(database_); }

Status SqliteDatabase::execute(const std::string& sql) {
  char* error = nullptr;
  int code = sqlite3_exec(database_, sql.c_str(), nullptr, nullptr, &error);
  if (code == SQLITE_OK) return Status::ok();
  std::string message = error != nullptr ? error : sqlite3_errstr(code);
  sqlite3_free(error);
  return Status(StatusCode::Unavailable, "sqlite: " + message + " (in: " + sql.substr(0, 60) + ")");
}

Result<Statement> SqliteDatabase::prepare(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  int code = sqlite3_prepare_v3(database_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &statement, nullptr);
  if (code != SQLITE_OK) return translate(code, sql);
  return Statement(database_, statement);
}

Status SqliteDatabase::translate(int resultCode, std::string_view context) const {
  return Status(StatusCode::Unavailable, std::string("sqlite: ") + sqlite3_errstr(resultCode) + ": " +
                                            sqlite3_errmsg(database_) + " (" + std::string(context.substr(0, 60)) + ")");
}

}  // namespace kubelab::store
