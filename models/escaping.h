#pragma once

#include <QString>

// Text that arrived from outside (callbacks, request fields, anything stored from them) may hold control
// characters: ESC sequences that repaint a terminal, CR that overwrites a log line, NUL, BEL, bidi
// overrides that reorder what is read. Every place that shows such text runs it through here first.
namespace Escaping {

enum class Lines {
    Escape, // one line: \n and \t are escaped too (terminal columns, log lines, labels, table cells)
    Keep,   // multi-line text panes: \n and \t stay, everything else is escaped
};

// C0 and C1 controls, DEL, line/paragraph separators and bidi controls become visible escapes: \n, \r,
// \t, \xHH (below U+0100) or \uHHHH. Everything else, Chinese text included, is left as it is.
QString controls(const QString &text, Lines lines = Lines::Escape);

} // namespace Escaping
