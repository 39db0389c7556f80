#pragma once
// A Service as a box below the nodes, linked by thin lines to the pods that are its ready
// endpoints (from the Endpoints object the endpoints controller keeps).

#include <QGraphicsObject>
#include <QGraphicsPathItem>

#include "objectviews.h"

namespace kubelab::visualizer {

class ServiceItem : public QGraphicsObject {
  Q_OBJECT

 public:
  static constexpr qreal kWidth = 200;
  static constexpr qreal kHeight = 54;

  explicit ServiceItem(const ServiceView& service, QGraphicsItem* parent = nullptr);

  const ServiceView& service() const { return service_; }
  void setService(const ServiceView& service);
  const EndpointsView& endpoints() const { return endpoints_; }
  void setEndpoints(const EndpointsView& endpoints);
  // Lines from the box to its endpoints' chips (points in scene coordinates), drawn over the
  // node boxes, translucent, so they never hide what they connect.
  void setLinkTargets(const QList<QPointF>& sceneTargets);
  const QGraphicsPathItem* links() const { return links_; }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  ServiceView service_;
  EndpointsView endpoints_;
  QGraphicsPathItem* links_;
};

}  // namespace kubelab::visualizer
