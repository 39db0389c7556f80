#include "pendinglaneitem.h"

#include <QPainter>

namespace kubelab::visualizer {

PendingLaneItem::PendingLaneItem(QGraphicsItem* parent) : PodContainerItem(parent) { setZValue(-1); }

void PendingLaneItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  QRectF box = boundingRect().adjusted(1, 1, -1, -1);
  painter->setPen(QPen(QColor(0xB4, 0x83, 0x09), 1.2, Qt::DashLine));
  painter->setBrush(QColor(0xFF, 0xF8, 0xE6));
  painter->drawRoundedRect(box, 8, 8);
  QFont font = painter->font();
  font.setPointSizeF(9);
  font.setBold(true);
  painter->setFont(font);
  painter->setPen(QColor(0x78, 0x4A, 0x05));
  QString title = tr("Pending — not yet scheduled");
  if (!pods().isEmpty()) title += QStringLiteral(" (%1)").arg(pods().size());
  painter->drawText(QRectF(kPadding, 3, box.width() - 2 * kPadding, headerHeight() - 4),
                    Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, title);
  paintGroupTitles(painter, QColor(0x78, 0x4A, 0x05));
}

}  // namespace kubelab::visualizer
