"""The desktop side of team plans (a plan on a PostgreSQL server): opening and publishing them, other
people's changes arriving live, a read-only role, and a lost connection."""
