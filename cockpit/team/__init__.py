"""Team plans: a plan in a schema on a PostgreSQL server that several people edit at once.

``address`` parses where one lives, ``schema`` gives its tables, ``sql`` lets the one reader and the
services' writer run on it unchanged, ``store`` opens, publishes and copies one.
"""
