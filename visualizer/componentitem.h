#pragma once
// A control-plane component (store, API server, scheduler, controller manager, cloud
// controller) as a box across the top of the view, colored by what its supervisor reports,
// with its live traffic ("12 req/s", the store's "30 ops/s") when known.

#include <QGraphicsObject>

#include <optional>

#include "clustermodel.h"

namespace kubelab::visualizer {

class ComponentItem : public QGraphicsObject {
  Q_OBJECT

 public:
  static constexpr qreal kWidth = 160;
  static constexpr qreal kHeight = 48;

  explicit ComponentItem(const ComponentView& component, QGraphicsItem* parent = nullptr);
  const ComponentView& component() const { return component_; }
  void setComponent(const ComponentView& component);
  // Requests (the store: operations) per second; nullopt shows none. `details` (one client a
  // line) is added to the tooltip.
  void setTraffic(std::optional<double> perSecond, const QString& details = {});
  std::optional<double> traffic() const { return traffic_; }
  // The figure as painted ("12 req/s"); empty when unknown.
  QString trafficText() const;

  // A component's name as students know it ("kube-scheduler"), translated description below.
  static QString describe(const QString& name);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  void updateToolTip();

  ComponentView component_;
  std::optional<double> traffic_;
  QString trafficDetails_;
};

}  // namespace kubelab::visualizer
