#pragma once
// The key to the pod chips, beside the control plane: one small chip per phase, and what the
// dot and the ↻ mean.

#include <QGraphicsObject>

namespace kubelab::visualizer {

class LegendItem : public QGraphicsObject {
  Q_OBJECT

 public:
  static constexpr qreal kWidth = 300;
  static constexpr qreal kHeight = 48;

  explicit LegendItem(QGraphicsItem* parent = nullptr);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
};

}  // namespace kubelab::visualizer
