"""Reads the console's controls through AT-SPI, as a screen reader does, and checks their names.

Run by tests/atspi-names.sh inside a D-Bus session with the accessibility bus and Xvfb running.
Exits 0 when every focusable control that is showing has a name and the filter bar's controls are
named as expected, 1 (listing them) otherwise, 2 when the console never appeared.
"""
import sys
import time

import pyatspi

# Combo boxes are named by their label (AT-SPI labelled-by): Qt reports their current text as the name.
EXPECTED = {"Search orders", "Status:", "At Haier:", "Created from", "Created until", "Orders"}
# Containers whose children (cells, rows, items) a reader names from the data, not the control.
NO_DESCENT = {pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_LIST, pyatspi.ROLE_TREE,
              pyatspi.ROLE_MENU_BAR, pyatspi.ROLE_MENU, pyatspi.ROLE_COMBO_BOX}


def find_console(timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == "haier-console" and app.childCount > 0:
                for window in app:
                    if window is not None and window.getRoleName() == "frame":
                        return window
        time.sleep(0.5)
    return None


def walk(node, found, depth=0):
    if node is None or depth > 40:
        return
    states = node.getState()
    if states.contains(pyatspi.STATE_FOCUSABLE) and states.contains(pyatspi.STATE_SHOWING):
        name = node.name or ""
        if node.getRole() == pyatspi.ROLE_COMBO_BOX:
            name = ""
            for relation in node.getRelationSet():
                if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY and relation.getNTargets() > 0:
                    name = relation.getTarget(0).name or ""
        found.append((node.getRoleName(), name))
    if node.getRole() in NO_DESCENT:
        return
    for child in node:
        walk(child, found, depth + 1)


def main():
    window = find_console(60)
    if window is None:
        print("the console's window never appeared on the accessibility bus", file=sys.stderr)
        return 2
    time.sleep(2)  # let the first page fill
    found = []
    walk(window, found)
    unnamed = [role for role, name in found if not name.strip()]
    names = {name for _, name in found}
    missing = sorted(EXPECTED - names)
    for role, name in found:
        print(f"{role}: {name!r}")
    if unnamed:
        print(f"{len(unnamed)} focusable control(s) without a name: {', '.join(unnamed)}", file=sys.stderr)
    if missing:
        print(f"not found by name: {', '.join(missing)}", file=sys.stderr)
    if not found:
        print("no focusable control was read", file=sys.stderr)
    return 1 if unnamed or missing or not found else 0


if __name__ == "__main__":
    sys.exit(main())
