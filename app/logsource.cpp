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
  if (!request.container.isEmpty()) query.addQueryItem(QStringLiteral("container"), request.container);
  if (request.tailLines > 0) query.addQueryItem(QStringLiteral("tailLines"), QString::number(request.tailLines));
  if (request.previous) query.addQueryItem(QStringLiteral("previous"), QStringLiteral("true"));
  QString encoded = query.toString(QUrl::FullyEncoded);
  return encoded.isEmpty() ? path : path + QLatin1Char('?') + encoded;
}

RestLogSource::RestLogSource(client::RestConfig config) : config_(std::move(config)) {}

RestLogSource::~RestLogSource() = default;

LogResult RestLogSource::fetch(const LogRequest& request) {
  client::RestClient* restClient = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!client_) client_ = std::make_unique<client::RestClient>(config_);
    restClient = client_.get();
  }
  auto body = restClient->getRaw(logPath(request).toStdString());
  if (!body) return {false, {}, QString::fromStdString(body.status().message())};
  return {true, QString::fromUtf8(body->data(), static_cast<qsizetype>(body->size())), {}};
}

}  // namespace kubelab::app
