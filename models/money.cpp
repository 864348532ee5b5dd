#include "models/money.h"

#include <QVariant>

#include <cmath>

std::optional<Money> Money::parse(const QString &input, bool allowRounding)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    int pos = 0;
    bool negative = false;
    if (text.at(0) == QLatin1Char('-') || text.at(0) == QLatin1Char('+')) {
        negative = text.at(0) == QLatin1Char('-');
        pos = 1;
    }
    qint64 whole = 0;
    int wholeDigits = 0;
    for (; pos < text.size() && text.at(pos).isDigit(); ++pos, ++wholeDigits) {
        if (wholeDigits >= MaxWholeDigits)
            return std::nullopt; // beyond any order amount; avoids overflow
        whole = whole * 10 + text.at(pos).digitValue();
    }
    qint64 fraction = 0;
    int fractionDigits = 0;
    bool roundUp = false;
    if (pos < text.size() && text.at(pos) == QLatin1Char('.')) {
        ++pos;
        for (; pos < text.size() && text.at(pos).isDigit(); ++pos, ++fractionDigits) {
            const int digit = text.at(pos).digitValue();
            if (fractionDigits < 2) {
                fraction = fraction * 10 + digit;
            } else if (!allowRounding) {
                if (digit != 0)
                    return std::nullopt;
            } else if (fractionDigits == 2) {
                roundUp = digit >= 5;
            }
        }
    }
    if (pos != text.size() || (wholeDigits == 0 && fractionDigits == 0))
        return std::nullopt;
    if (fractionDigits == 1)
        fraction *= 10;
    const qint64 cents = whole * 100 + fraction + (roundUp ? 1 : 0);
    // Rounding may carry into a sixteenth whole digit (999999999999999.995): refused like any amount of
    // that size, so that whatever parses prints back to text that parses.
    if (cents >= MaxCents)
        return std::nullopt;
    return fromCents(negative ? -cents : cents);
}

std::optional<Money> Money::fromVariant(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return std::nullopt;
    switch (value.typeId()) {
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (!std::isfinite(d) || std::fabs(d) > 1e13)
            return std::nullopt;
        return fromCents(static_cast<qint64>(std::llround(d * 100.0)));
    }
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return fromCents(value.toLongLong() * 100);
    default:
        return parse(value.toString(), true);
    }
}

QString Money::toString() const
{
    const qint64 absCents = m_cents < 0 ? -m_cents : m_cents;
    return QStringLiteral("%1%2.%3")
        .arg(m_cents < 0 ? QStringLiteral("-") : QString())
        .arg(absCents / 100)
        .arg(absCents % 100, 2, 10, QLatin1Char('0'));
}

QJsonValue Money::toJson() const
{
    // cents / 100.0 is the nearest double to the decimal value, and Qt writes the shortest
    // representation that round-trips, so 199998 cents is written as 1999.98.
    if (m_cents % 100 == 0)
        return QJsonValue(static_cast<qint64>(m_cents / 100));
    return QJsonValue(static_cast<double>(m_cents) / 100.0);
}

std::optional<Money> Money::dividedExactly(qint64 divisor) const
{
    if (divisor <= 0 || m_cents % divisor != 0)
        return std::nullopt;
    return fromCents(m_cents / divisor);
}
