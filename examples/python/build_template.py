"""Runs a template's builds from Python and prints each artifact id.
usage: build_template.py TEMPLATE [key=value ...]"""
import sys

import kiln


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    variables = dict(arg.split("=", 1) for arg in sys.argv[2:])

    def show(event: kiln.RunEvent) -> None:
        if event.kind in ("say", "message"):
            print(f"  [{event.build}] {event.message}")

    try:
        with kiln.Template.load(sys.argv[1]) as template:
            for artifact in template.build(vars=variables, on_event=show):
                print(f"artifact: {artifact.id}")
    except kiln.KilnError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
