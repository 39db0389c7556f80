// kubelab-store: an etcd v3 compatible key-value store on SQLite. Flags mirror etcd's.

#include <boost/program_options.hpp>

#include <iostream>

#include "common/logging.h"
#include "common/stopsignals.h"
#include "store/storeserver.h"

namespace options = boost::program_options;
using kubelab::store::StoreOptions;

namespace {

std::vector<std::string> splitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

// etcd reads a bare periodic retention as hours, or a Go duration such as "30m" or "1h30m".
bool parseRetention(const std::string& text, std::chrono::seconds& out) {
  if (text.find_first_not_of("0123456789") == std::string::npos && !text.empty()) {
    out = std::chrono::hours(std::stoll(text));
    return true;
  }
  long long total = 0, number = 0;
  bool haveNumber = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      number = number * 10 + (c - '0');
      haveNumber = true;
      continue;
    }
    if (!haveNumber) return false;
    if (c == 'h') total += number * 3600;
    else if (c == 'm') total += number * 60;
    else if (c == 's') total += number;
    else return false;
    number = 0;
    haveNumber = false;
  }
  if (haveNumber) return false;
  out = std::chrono::seconds(total);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  kubelab::log::setComponent("kubelab-store");
  kubelab::store::StoreServerOptions settings;
  std::string listenUrls, advertiseUrls, compactionMode, compactionRetention, logLevel;
  long long progressIntervalMs = 600000;
  std::size_t maxRequestBytes = settings.api.maximumRequestBytes;

  options::options_description description(
      "kubelab-store: KubeLab's key-value store. It speaks etcd 3.4's v3 JSON API over HTTP,\n"
      "keeps every revision in SQLite (WAL, fsync on commit) and is what the API server stores\n"
      "objects in. Flags mirror etcd's.\n\nUsage: kubelab-store [flags]\n\nFlags");
  description.add_options()
      ("help,h", "print this help and exit")
      ("data-dir", options::value(&settings.store.dataDirectory)->default_value("default.kubelab-store"),
       "directory for the database")
      ("listen-client-urls", options::value(&listenUrls)->default_value("http://127.0.0.1:2379"),
       "comma-separated URLs to serve clients on (loopback unless you say otherwise)")
      ("advertise-client-urls", options::value(&advertiseUrls)->default_value(""),
       "comma-separated URLs clients should use (accepted for etcd compatibility)")
      ("auto-compaction-mode", options::value(&compactionMode)->default_value("periodic"),
       "'periodic' (keep --auto-compaction-retention of history) or 'revision' (keep that many revisions)")
      ("auto-compaction-retention", options::value(&compactionRetention)->default_value("1h"),
       "history to keep: a duration such as 1h or 30m for periodic (a bare number is hours), a count for "
       "revision; 0 turns automatic compaction off")
      ("max-request-bytes", options::value(&maxRequestBytes)->default_value(maxRequestBytes),
       "largest put or txn the store accepts, in bytes")
      ("experimental-watch-progress-notify-interval",
       options::value(&progressIntervalMs)->default_value(progressIntervalMs),
       "milliseconds between progress notifications to watchers that asked for them")
      ("log-level", options::value(&logLevel)->default_value("info"), "debug, info, warn or error");

  options::variables_map values;
  try {
    options::store(options::parse_command_line(argc, argv, description), values);
    options::notify(values);
  } catch (const options::error& error) {
    std::cerr << "kubelab-store: " << error.what() << "\nRun 'kubelab-store --help' for the flags.\n";
    return 2;
  }
  if (values.count("help")) {
    std::cout << description << "\n";
    return 0;
  }
  if (logLevel == "debug") kubelab::log::setMinimumLevel(kubelab::log::Level::Debug);
  if (logLevel == "warn") kubelab::log::setMinimumLevel(kubelab::log::Level::Warning);
  if (logLevel == "error") kubelab::log::setMinimumLevel(kubelab::log::Level::Error);

  settings.listenClientUrls = splitCommas(listenUrls);
  settings.api.maximumRequestBytes = maxRequestBytes;
  settings.api.progressNotifyInterval = std::chrono::milliseconds(progressIntervalMs);
  if (compactionMode == "revision") {
    settings.store.autoCompaction = StoreOptions::AutoCompaction::Revision;
    try {
      settings.store.revisionRetention = std::stoll(compactionRetention);
    } catch (const std::exception&) {
      std::cerr << "kubelab-store: --auto-compaction-retention must be a number of revisions in revision mode\n";
      return 2;
    }
    if (settings.store.revisionRetention <= 0) settings.store.autoCompaction = StoreOptions::AutoCompaction::Off;
  } else if (compactionMode == "periodic") {
    settings.store.autoCompaction = StoreOptions::AutoCompaction::Periodic;
    if (!parseRetention(compactionRetention, settings.store.periodicRetention)) {
      std::cerr << "kubelab-store: --auto-compaction-retention '" << compactionRetention
                << "' is not a duration such as 1h, 30m or 90s\n";
      return 2;
    }
    if (settings.store.periodicRetention.count() == 0) settings.store.autoCompaction = StoreOptions::AutoCompaction::Off;
  } else {
    std::cerr << "kubelab-store: --auto-compaction-mode must be 'periodic' or 'revision'\n";
    return 2;
  }

  kubelab::blockStopSignals();

  auto server = kubelab::store::StoreServer::start(settings);
  if (!server) {
    std::cerr << "kubelab-store: " << server.status().message() << "\n";
    return 1;
  }
  kubelab::log::info("ready; data in ", settings.store.dataDirectory);
  int received = kubelab::waitForStopSignal();
  kubelab::log::info("stopping on signal ", received);
  server->reset();
  return 0;
}
