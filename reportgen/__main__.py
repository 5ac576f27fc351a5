"""``python -m reportgen`` and the ``reportgen`` command: the command line, quiet on Ctrl-C at any moment.

The command line is imported inside the guard, so a Ctrl-C while its libraries load ends
with exit code 130 like one at any later moment, never with Python's traceback.
"""

import sys


def main() -> None:
    # A command runs once and exits: collect cyclic garbage rarely, from the first import on
    # (the imports and one build allocate hundreds of thousands of objects, which the default
    # thresholds would scan again and again). reportgen.cli.main says the same for its callers.
    import gc

    from reportgen.garbage import THRESHOLDS

    gc.set_threshold(*THRESHOLDS)
    try:
        from reportgen.cli import main as command_line

        command_line()
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)
    finally:
        # The command is done and the process ends: the operating system takes its memory back
        # whole. Frozen objects are left out of the garbage collections the interpreter runs while
        # it shuts down, which otherwise scan every object the build left (~0.1 s, a fifth of a
        # fresh build). Exit handlers, flushing and the exit code are unchanged; the reports are
        # already written and closed.
        gc.freeze()


if __name__ == "__main__":
    main()
