"""UserError: a mistake of the person at the keyboard (a bad option, database URL or
portals file). Its str() is the one line the CLI prints, naming the input and the fix;
the CLI exits 2 and shows no traceback (unless --debug). Kept apart in a module that
imports nothing, so `nianbao --help` loads neither SQLAlchemy nor Scrapy."""


class UserError(Exception):
    """A user mistake; str() is the line to print."""
