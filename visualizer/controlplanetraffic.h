#pragma once
// Requests per second between the control-plane components, as the cluster view draws them:
// each client's requests to the API server (by the user its certificate names), the API
// server's own total, and its operations on the store. Made from two scrapes of /metrics
// (promtext); on a real cluster the per-client figures are absent and only the API server's
// total and the store's operations are known.

#include <QMap>
#include <QMetaType>
#include <QString>

#include <optional>

#include "promtext.h"

namespace kubelab::visualizer {

struct ControlPlaneTraffic {
  std::optional<double> apiServer;  // every request the API server answered, per second
  std::optional<double> store;      // the API server's store operations, per second
  bool perClient = false;           // whether `clients` was measured
  QMap<QString, double> clients;    // requests/s by authenticated user

  // What a control-plane box shows: the API server's total, the store's operations, or the
  // requests of the component's own identity (the supervisor's names and the usual ones on a
  // real cluster). nullopt: not known.
  std::optional<double> ofComponent(const QString& component) const;
  // The kubelets' and proxies' requests together (system:node:*, system:kube-proxy).
  std::optional<double> nodes() const;
  bool known() const { return apiServer.has_value(); }
  bool operator==(const ControlPlaneTraffic&) const = default;
};

// The identity a control-plane component authenticates as; empty for the API server and store.
QString componentUser(const QString& component);

ControlPlaneTraffic controlPlaneTraffic(const ApiRequestRate& rate);

// "12 req/s", "0.4 req/s": the figure a box or link carries (translated).
QString requestsPerSecondText(double perSecond);
QString operationsPerSecondText(double perSecond);

}  // namespace kubelab::visualizer

Q_DECLARE_METATYPE(kubelab::visualizer::ControlPlaneTraffic)
