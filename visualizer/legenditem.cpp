#include "legenditem.h"

#include <QFontMetricsF>
#include <QPainter>

#include "poditem.h"

namespace kubelab::visualizer {

LegendItem::LegendItem(QGraphicsItem* parent) : QGraphicsObject(parent) {}

QRectF LegendItem::boundingRect() const { return QRectF(0, 0, kWidth, kHeight); }

void LegendItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  QFont font = painter->font();
  font.setPointSizeF(7.5);
  painter->setFont(font);
  QFontMetricsF metrics(font);
  // Phase names are Kubernetes' own words, the same in every language.
  const PodDisplayState states[] = {PodDisplayState::Pending, PodDisplayState::Running, PodDisplayState::Succeeded,
                                    PodDisplayState::Failed, PodDisplayState::Terminating};
  qreal x = 0;
  for (PodDisplayState state : states) {
    QString name = podDisplayStateName(state);
    qreal width = metrics.horizontalAdvance(name) + 12;
    QRectF chip(x, 2, width, 18);
    painter->setPen(Qt::NoPen);
    painter->setBrush(PodItem::fillColor(state));
    painter->drawRoundedRect(chip, 6, 6);
    painter->setPen(PodItem::textColor(state));
    painter->drawText(chip, Qt::AlignCenter, name);
    x += width + 4;
  }
  painter->setPen(QColor(0x37, 0x41, 0x51));
  painter->setBrush(QColor(0x37, 0x41, 0x51));
  painter->drawEllipse(QRectF(0, 30, 8, 8));
  QString ready = tr("ready");
  painter->drawText(QRectF(12, 25, 200, 18), Qt::AlignLeft | Qt::AlignVCenter, ready);
  qreal next = 12 + metrics.horizontalAdvance(ready) + 12;
  painter->setBrush(Qt::NoBrush);
  painter->drawEllipse(QRectF(next, 30, 8, 8));
  QString notReady = tr("not ready");
  painter->drawText(QRectF(next + 12, 25, 200, 18), Qt::AlignLeft | Qt::AlignVCenter, notReady);
  next += 12 + metrics.horizontalAdvance(notReady) + 12;
  painter->drawText(QRectF(next, 25, kWidth - next, 18), Qt::AlignLeft | Qt::AlignVCenter, tr("↻ restarts"));
}

}  // namespace kubelab::visualizer
