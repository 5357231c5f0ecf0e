"""The errors atmp-kg raises; only the CLI turns them into messages and exit codes."""


class AtmpKgError(Exception):
    """Base class of every atmp-kg error."""

    exit_code = 2


class LoadError(AtmpKgError):
    """An input cannot be read or parsed (exit code 2)."""


class UsageError(AtmpKgError):
    """A command was called wrongly: unknown query, parameter or option (exit code 2)."""


class OutputError(AtmpKgError):
    """An output folder may not be replaced or cannot be written (exit code 2)."""


class DataError(AtmpKgError):
    """The data is readable but wrong: bad rows, SHACL violations (exit code 1).

    ``problems`` lists one human-readable line per problem.
    """

    exit_code = 1

    def __init__(self, summary, problems=()):
        self.problems = list(problems)
        super().__init__(summary)


class RemoteError(AtmpKgError):
    """A remote SPARQL store cannot be reached or refused a request (exit code 2)."""
