#pragma once

#include <QJsonValue>
#include <QString>
#include <QtGlobal>

#include <optional>

// An exact amount of yuan held as integer cents. Never summed in binary floating point;
// turned into a JSON number only at the edge (toJson).
class Money final
{
public:
    constexpr Money() = default;
    static constexpr Money fromCents(qint64 cents) { Money m; m.m_cents = cents; return m; }

    // Parses "1999.98", "1999.9", "1999", "-5.00", " 12.5 ". More than two decimals is refused unless
    // allowRounding (for SQLite REAL columns), which rounds half away from zero to the cent.
    static std::optional<Money> parse(const QString &text, bool allowRounding = false);
    // A value read from a database column: text, integer or double (rounded to the cent).
    static std::optional<Money> fromVariant(const QVariant &value);

    constexpr qint64 cents() const { return m_cents; }
    QString toString() const;        // "1999.98", always two decimals
    QJsonValue toJson() const;       // JSON number, shortest form (1999.98, 12.5, 3)

    // Exact division by a whole number; nullopt when not exact to the cent or divisor <= 0.
    std::optional<Money> dividedExactly(qint64 divisor) const;

    constexpr Money operator+(Money o) const { return fromCents(m_cents + o.m_cents); }
    constexpr Money operator-(Money o) const { return fromCents(m_cents - o.m_cents); }
    constexpr Money operator*(qint64 n) const { return fromCents(m_cents * n); }
    Money &operator+=(Money o) { m_cents += o.m_cents; return *this; }
    constexpr bool operator==(Money o) const { return m_cents == o.m_cents; }
    constexpr bool operator!=(Money o) const { return m_cents != o.m_cents; }
    constexpr bool operator<(Money o) const { return m_cents < o.m_cents; }

private:
    static constexpr int MaxWholeDigits = 15; // what parse() accepts: beyond any order amount
    static constexpr qint64 MaxCents = 100'000'000'000'000'000; // 10^15 yuan
    qint64 m_cents = 0;
};
