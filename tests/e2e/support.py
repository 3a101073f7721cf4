"""Shared plumbing of the end-to-end tests: the pass/fail tally and the test-function runner,
both ending in the closing line "N passed, M failed" that CI reads. Scripts import it as a
sibling module (python3 puts a script's own folder on sys.path)."""


class Tally:
    """Counts checks; a failing one prints what failed and why."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition, what, detail=""):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}\n{detail}")

    def finish(self):
        """Prints the closing line and returns the exit code."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def run_test_functions(tests):
    """Runs each function (a failed assert fails it) and returns the exit code."""
    failed = 0
    for test in tests:
        try:
            test()
            print(f"PASS {test.__name__}")
        except AssertionError as e:
            failed += 1
            print(f"FAIL {test.__name__}: {e}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0
