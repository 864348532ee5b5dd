#include "models/escaping.h"

namespace Escaping {

namespace {

bool needsEscape(char16_t c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return true;
    switch (c) {
    case 0x061c: // Arabic letter mark
    case 0x200e: // left-to-right mark
    case 0x200f: // right-to-left mark
    case 0x2028: // line separator
    case 0x2029: // paragraph separator
        return true;
    default: break;
    }
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069); // bidi embeddings, overrides, isolates
}

} // namespace

QString controls(const QString &text, Lines lines)
{
    qsizetype first = 0;
    while (first < text.size()) {
        const char16_t c = text.at(first).unicode();
        if (needsEscape(c) && !(lines == Lines::Keep && (c == u'\n' || c == u'\t')))
            break;
        ++first;
    }
    if (first == text.size())
        return text; // the common case: nothing to do, no copy
    QString out = text.left(first);
    out.reserve(text.size() + 16);
    for (qsizetype i = first; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        const char16_t c = ch.unicode();
        if (!needsEscape(c) || (lines == Lines::Keep && (c == u'\n' || c == u'\t'))) {
            out += ch;
            continue;
        }
        switch (c) {
        case u'\n': out += QLatin1String("\\n"); break;
        case u'\r': out += QLatin1String("\\r"); break;
        case u'\t': out += QLatin1String("\\t"); break;
        default:
            if (c < 0x100)
                out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
            else
                out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
        }
    }
    return out;
}

} // namespace Escaping
