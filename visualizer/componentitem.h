#pragma once
// A control-plane component (store, API server, scheduler, controller manager, cloud
// controller) as a box across the top of the view, colored by what its supervisor reports.

#include <QGraphicsObject>

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

  // A component's name as students know it ("kube-scheduler"), translated description below.
  static QString describe(const QString& name);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  ComponentView component_;
};

}  // namespace kubelab::visualizer
