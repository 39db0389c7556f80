#include "logsource.h"

#include <QUrl>
#include <QUrlQuery>

#include "client/restclient.h"

namespace kubelab::app {

QString logPath(const LogRequest& request) {
  QString path = QStringLiteral("/api/v1/namespaces/%1/pods/%2/log")
                     .arg(QString::fromLatin1(QUrl::toPercentEncoding(request.ns)),
                          QString::fromLatin1(QUrl::toPercentEncoding(request.pod)));
  QUrlQuery query;
  if (request.follow) query.addQueryItem(QStringLiteral("follow"), QStringLiteral("true"));
  if (!request.container.isEmpty()) query.addQueryItem(QStringLiteral("container"), request.container);
  if (request.tailLines > 0) query.addQueryItem(QStringLiteral("tailLines"), QString::number(request.tailLines));
  if (request.previous) query.addQueryItem(QStringLiteral("previous"), QStringLiteral("true"));
  QString encoded = query.toString(QUrl::FullyEncoded);
  return encoded.isEmpty() ? path : path + QLatin1Char('?') + encoded;
}

RestLogSource::RestLogSource(client::RestConfig config) : config_(std::move(config)) {}

RestLogSource::~RestLogSource() = default;

client::RestClient& RestLogSource::restClient() {
  std::lock_guard lock(mutex_);
  if (!client_) client_ = std::make_unique<client::RestClient>(config_);
  return *client_;
}

LogResult RestLogSource::fetch(const LogRequest& request) {
  auto body = restClient().getRaw(logPath(request).toStdString());
  if (!body) return {false, {}, QString::fromStdString(body.status().message())};
  return {true, QString::fromUtf8(body->data(), static_cast<qsizetype>(body->size())), {}};
}

LogStreamEnd RestLogSource::follow(const LogRequest& request, const LogDataHandler& onData,
                                   const std::atomic<bool>& stop) {
  LogRequest followed = request;
  followed.follow = true;
  auto stream = restClient().getStream(logPath(followed).toStdString());
  if (!stream) return {LogStreamEnd::Reason::Failed, QString::fromStdString(stream.status().message()), false};
  http::Stream& body = **stream;
  onData({});
  bool received = false;
  // A short read timeout rather than one read that waits for data: the thread looks at `stop`
  // between reads, so whoever stops following never waits for the container to write.
  while (!stop.load()) {
    auto piece = body.readSome(kStopPoll);
    if (piece) {
      received = true;
      onData(*piece);
      continue;
    }
    if (piece.status().code() == StatusCode::DeadlineExceeded) continue;
    body.close();
    if (body.bodyComplete()) return {LogStreamEnd::Reason::Ended, {}, received};
    return {LogStreamEnd::Reason::Failed, QString::fromStdString(piece.status().message()), received};
  }
  body.close();
  return {LogStreamEnd::Reason::Stopped, {}, received};
}

}  // namespace kubelab::app
